ALTER TABLE "conversations" ADD COLUMN "waiting_since" timestamp with time zone;--> statement-breakpoint
UPDATE "conversations" AS c SET "waiting_since" = (
  SELECT min(m."created_at") FROM "messages" AS m
  WHERE m."conversation_id" = c."id" AND m."author_kind" = 'visitor'
    AND m."seq" > coalesce((SELECT max(o."seq") FROM "messages" AS o WHERE o."conversation_id" = c."id" AND o."author_kind" = 'operator'), 0)
) WHERE c."status" <> 'resolved' AND c."last_message_author_kind" = 'visitor';--> statement-breakpoint
CREATE INDEX "conversations_unresolved_waiting_idx" ON "conversations" USING btree ("workspace_id",("waiting_since" is null),coalesce("waiting_since", "last_activity_at"),"id") WHERE status <> 'resolved';