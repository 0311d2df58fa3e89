ALTER TABLE "gate_logs" ADD COLUMN "passage_id" uuid;--> statement-breakpoint
ALTER TABLE "cameras" ADD COLUMN "settings" jsonb;