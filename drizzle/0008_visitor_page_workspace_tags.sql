CREATE TABLE "workspace_tags" (
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"color" text DEFAULT '#64748b' NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspace_tags_workspace_id_name_pk" PRIMARY KEY("workspace_id","name")
);
--> statement-breakpoint
ALTER TABLE "visitor_profiles" ADD COLUMN "page_url" text;--> statement-breakpoint
ALTER TABLE "visitor_profiles" ADD COLUMN "page_title" text;--> statement-breakpoint
ALTER TABLE "visitor_profiles" ADD COLUMN "referrer" text;--> statement-breakpoint
ALTER TABLE "visitor_profiles" ADD COLUMN "user_agent" text;--> statement-breakpoint
ALTER TABLE "visitor_profiles" ADD COLUMN "page_seen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workspace_tags" ADD CONSTRAINT "workspace_tags_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;