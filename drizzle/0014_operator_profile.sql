ALTER TABLE "operators" ADD COLUMN "display_name" text;--> statement-breakpoint
ALTER TABLE "operators" ADD COLUMN "locale" text;--> statement-breakpoint
ALTER TABLE "operators" ADD COLUMN "signature" text;