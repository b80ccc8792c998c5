ALTER TABLE "messages" ADD COLUMN "search_tokens" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, kaiwa_search_tokens(body))) STORED;--> statement-breakpoint
CREATE INDEX "messages_search_idx" ON "messages" USING gin ("search_tokens");--> statement-breakpoint
CREATE INDEX "messages_workspace_created_idx" ON "messages" USING btree ("workspace_id","created_at" DESC NULLS FIRST);