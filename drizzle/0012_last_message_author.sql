ALTER TABLE "conversations" ADD COLUMN "last_message_author_id" uuid;--> statement-breakpoint
UPDATE "conversations" AS c SET "last_message_author_id" = m."author_id" FROM "messages" AS m WHERE m."conversation_id" = c."id" AND m."seq" = c."last_seq" AND m."author_id" IS NOT NULL;
