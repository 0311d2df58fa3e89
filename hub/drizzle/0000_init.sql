CREATE TABLE "attention_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" text NOT NULL,
	"session_id" text NOT NULL,
	"device_id" text NOT NULL,
	"camera_id" text NOT NULL,
	"kind" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"duration_ms" bigint NOT NULL,
	"metrics" jsonb,
	"confidence" real,
	"seq" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attention_sessions" (
	"site_id" text NOT NULL,
	"id" text NOT NULL,
	"device_id" text NOT NULL,
	"camera_id" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"last_event_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"state" text NOT NULL,
	"state_ms" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"alerts" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "attention_sessions_site_id_id_pk" PRIMARY KEY("site_id","id")
);
--> statement-breakpoint
CREATE TABLE "access_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"request_id" text NOT NULL,
	"user_id" text,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"status" integer NOT NULL,
	"ip" text,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "refresh_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"family" text NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "refresh_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "user_sites" (
	"user_id" text NOT NULL,
	"site_id" text NOT NULL,
	CONSTRAINT "user_sites_user_id_site_id_pk" PRIMARY KEY("user_id","site_id")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "device_commands" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" text NOT NULL,
	"device_id" text NOT NULL,
	"name" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text NOT NULL,
	"error" jsonb,
	"result" jsonb,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gate_logs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" text NOT NULL,
	"device_id" text NOT NULL,
	"camera_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"owner_code" text,
	"category" text,
	"serial" text,
	"check_digit" integer,
	"check_digit_valid" boolean,
	"container_number" text,
	"raw_text" text NOT NULL,
	"plate" text,
	"vehicle_class" text,
	"direction" text DEFAULT 'unknown' NOT NULL,
	"confidence" real NOT NULL,
	"snapshot_ref" text,
	"box" jsonb,
	"track_id" integer,
	"seq" bigint NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "snapshots" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" text NOT NULL,
	"device_id" text NOT NULL,
	"camera_id" text NOT NULL,
	"command_id" uuid,
	"at" timestamp with time zone NOT NULL,
	"path" text NOT NULL,
	"bytes" integer NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"faces_blurred" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "occupancy_stats" (
	"site_id" text NOT NULL,
	"seat_id" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"occupied_ms" bigint DEFAULT 0 NOT NULL,
	"vacant_ms" bigint DEFAULT 0 NOT NULL,
	"held_ms" bigint DEFAULT 0 NOT NULL,
	"unknown_ms" bigint DEFAULT 0 NOT NULL,
	"entries" integer DEFAULT 0 NOT NULL,
	"stays" integer DEFAULT 0 NOT NULL,
	"stay_ms_total" bigint DEFAULT 0 NOT NULL,
	"held_incidents" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "occupancy_stats_site_id_seat_id_hour_pk" PRIMARY KEY("site_id","seat_id","hour")
);
--> statement-breakpoint
CREATE TABLE "seat_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" text NOT NULL,
	"device_id" text NOT NULL,
	"camera_id" text NOT NULL,
	"seat_id" text NOT NULL,
	"from_state" text NOT NULL,
	"to_state" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"vacancy_ms" bigint,
	"stay_ms" bigint,
	"confidence" real NOT NULL,
	"evidence" jsonb,
	"seq" bigint NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "seat_status" (
	"site_id" text NOT NULL,
	"seat_id" text NOT NULL,
	"state" text NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"confidence" real NOT NULL,
	"evidence" jsonb,
	"last_event_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "seat_status_site_id_seat_id_pk" PRIMARY KEY("site_id","seat_id")
);
--> statement-breakpoint
CREATE TABLE "seats" (
	"site_id" text NOT NULL,
	"id" text NOT NULL,
	"device_id" text NOT NULL,
	"camera_id" text NOT NULL,
	"polygon" jsonb NOT NULL,
	"kind" text DEFAULT 'desk' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"layout_x" real,
	"layout_y" real,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "seats_site_id_id_pk" PRIMARY KEY("site_id","id")
);
--> statement-breakpoint
CREATE TABLE "cameras" (
	"site_id" text NOT NULL,
	"device_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"url" text,
	"sample_interval_ms" integer DEFAULT 3000 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"state" text DEFAULT 'unknown' NOT NULL,
	"state_reason" text,
	"state_at" timestamp with time zone,
	"width" integer,
	"height" integer,
	"codec" text,
	"fps" real,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cameras_site_id_device_id_id_pk" PRIMARY KEY("site_id","device_id","id")
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"site_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"mqtt_username" text NOT NULL,
	"password_hash" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"online" boolean DEFAULT false NOT NULL,
	"last_seen_at" timestamp with time zone,
	"agent_version" text,
	"health" jsonb,
	"last_seq" bigint,
	"config_revision" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "devices_site_id_id_pk" PRIMARY KEY("site_id","id")
);
--> statement-breakpoint
CREATE TABLE "enrollment_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"site_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"note" text,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"used_by_device" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrollment_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "sites" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_sites" ADD CONSTRAINT "user_sites_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_sites" ADD CONSTRAINT "user_sites_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seats" ADD CONSTRAINT "seats_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cameras" ADD CONSTRAINT "cameras_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_tokens" ADD CONSTRAINT "enrollment_tokens_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attention_events_session_at_idx" ON "attention_events" USING btree ("site_id","session_id","at");--> statement-breakpoint
CREATE INDEX "attention_sessions_site_started_idx" ON "attention_sessions" USING btree ("site_id","started_at");--> statement-breakpoint
CREATE INDEX "access_log_at_idx" ON "access_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "access_log_user_at_idx" ON "access_log" USING btree ("user_id","at");--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "device_commands_device_created_idx" ON "device_commands" USING btree ("site_id","device_id","created_at");--> statement-breakpoint
CREATE INDEX "gate_logs_site_at_idx" ON "gate_logs" USING btree ("site_id","at","id");--> statement-breakpoint
CREATE INDEX "gate_logs_site_number_idx" ON "gate_logs" USING btree ("site_id","container_number");--> statement-breakpoint
CREATE INDEX "gate_logs_site_owner_idx" ON "gate_logs" USING btree ("site_id","owner_code");--> statement-breakpoint
CREATE INDEX "gate_logs_site_camera_at_idx" ON "gate_logs" USING btree ("site_id","camera_id","at");--> statement-breakpoint
CREATE INDEX "snapshots_camera_at_idx" ON "snapshots" USING btree ("site_id","device_id","camera_id","at");--> statement-breakpoint
CREATE INDEX "snapshots_at_idx" ON "snapshots" USING btree ("at");--> statement-breakpoint
CREATE INDEX "occupancy_stats_site_hour_idx" ON "occupancy_stats" USING btree ("site_id","hour");--> statement-breakpoint
CREATE INDEX "seat_events_seat_at_idx" ON "seat_events" USING btree ("site_id","seat_id","at");--> statement-breakpoint
CREATE INDEX "seat_events_site_at_idx" ON "seat_events" USING btree ("site_id","at");--> statement-breakpoint
CREATE INDEX "seats_camera_idx" ON "seats" USING btree ("site_id","device_id","camera_id");--> statement-breakpoint
CREATE UNIQUE INDEX "devices_mqtt_username_idx" ON "devices" USING btree ("mqtt_username");