CREATE TABLE "alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"site_id" text NOT NULL,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"message" text NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text
);
--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "alert_held_minutes" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "alert_vacant_hours" integer DEFAULT 4 NOT NULL;--> statement-breakpoint
CREATE INDEX "alerts_site_resolved_idx" ON "alerts" USING btree ("site_id","resolved_at");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_open_condition_idx" ON "alerts" USING btree ("site_id","kind","subject") WHERE "alerts"."resolved_at" is null;