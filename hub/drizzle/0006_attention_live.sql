CREATE TABLE "attention_minutes" (
	"site_id" text NOT NULL,
	"session_id" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"samples" integer NOT NULL,
	"face_samples" integer NOT NULL,
	"ear_avg" real,
	"mar_avg" real,
	"blinks" integer NOT NULL,
	"state_ms" jsonb NOT NULL,
	CONSTRAINT "attention_minutes_site_id_session_id_minute_pk" PRIMARY KEY("site_id","session_id","minute")
);
--> statement-breakpoint
ALTER TABLE "attention_events" ALTER COLUMN "device_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "attention_events" ALTER COLUMN "camera_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "attention_sessions" ALTER COLUMN "device_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "attention_sessions" ALTER COLUMN "camera_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "attention_sessions" ADD COLUMN "source" text DEFAULT 'edge' NOT NULL;--> statement-breakpoint
ALTER TABLE "attention_sessions" ADD COLUMN "learner_id" text;--> statement-breakpoint
ALTER TABLE "attention_sessions" ADD COLUMN "language" text;--> statement-breakpoint
ALTER TABLE "attention_sessions" ADD COLUMN "paused_ms" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "attention_minutes_site_minute_idx" ON "attention_minutes" USING btree ("site_id","minute");--> statement-breakpoint
CREATE INDEX "attention_sessions_learner_started_idx" ON "attention_sessions" USING btree ("learner_id","started_at");