CREATE TABLE "analysis_jobs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" text NOT NULL,
	"device_id" text NOT NULL,
	"camera_id" text NOT NULL,
	"segment" text NOT NULL,
	"segment_uri" text NOT NULL,
	"segment_started_at" timestamp with time zone NOT NULL,
	"segment_duration_ms" integer NOT NULL,
	"provider" text NOT NULL,
	"place" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 3 NOT NULL,
	"run_after" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"worker_id" text,
	"result" jsonb,
	"safety_score" real,
	"incident_count" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" text NOT NULL,
	"device_id" text NOT NULL,
	"camera_id" text NOT NULL,
	"segment" text NOT NULL,
	"uri" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL,
	"bytes" bigint NOT NULL,
	"container" text NOT NULL,
	"codec" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "analysis_jobs_segment_provider_idx" ON "analysis_jobs" USING btree ("site_id","device_id","camera_id","segment","provider");--> statement-breakpoint
CREATE INDEX "analysis_jobs_claim_idx" ON "analysis_jobs" USING btree ("place","priority" DESC NULLS LAST,"created_at","id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "analysis_jobs_run_after_idx" ON "analysis_jobs" USING btree ("run_after") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "analysis_jobs_lease_idx" ON "analysis_jobs" USING btree ("locked_until") WHERE status = 'processing';--> statement-breakpoint
CREATE INDEX "analysis_jobs_status_idx" ON "analysis_jobs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "analysis_jobs_site_created_idx" ON "analysis_jobs" USING btree ("site_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "segments_camera_segment_idx" ON "segments" USING btree ("site_id","device_id","camera_id","segment");--> statement-breakpoint
CREATE INDEX "segments_camera_started_idx" ON "segments" USING btree ("site_id","device_id","camera_id","started_at");