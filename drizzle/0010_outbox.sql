CREATE TABLE "outbox_consumers" (
	"name" text PRIMARY KEY NOT NULL,
	"event_types" text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox_deliveries" (
	"event_position" bigint NOT NULL,
	"consumer" text NOT NULL,
	"conversation_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"available_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"handled_at" timestamp with time zone,
	CONSTRAINT "outbox_deliveries_event_position_consumer_pk" PRIMARY KEY("event_position","consumer")
);
--> statement-breakpoint
CREATE TABLE "outbox_events" (
	"position" bigserial PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	"type" text NOT NULL,
	"conversation_id" uuid,
	"event" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbox_events_id_unique" UNIQUE("id")
);
--> statement-breakpoint
ALTER TABLE "outbox_deliveries" ADD CONSTRAINT "outbox_deliveries_event_position_outbox_events_position_fk" FOREIGN KEY ("event_position") REFERENCES "public"."outbox_events"("position") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_events" ADD CONSTRAINT "outbox_events_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_deliveries_claim_idx" ON "outbox_deliveries" USING btree ("consumer","available_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_deliveries_conversation_idx" ON "outbox_deliveries" USING btree ("consumer","conversation_id","event_position") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_events_created_idx" ON "outbox_events" USING btree ("created_at");