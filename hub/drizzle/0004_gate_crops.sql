CREATE TABLE "gate_crops" (
	"entry_id" uuid PRIMARY KEY NOT NULL,
	"site_id" text NOT NULL,
	"device_id" text NOT NULL,
	"camera_id" text NOT NULL,
	"path" text NOT NULL,
	"bytes" integer NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "gate_crops_device_at_idx" ON "gate_crops" USING btree ("site_id","device_id","at");--> statement-breakpoint
CREATE INDEX "gate_crops_at_idx" ON "gate_crops" USING btree ("at");