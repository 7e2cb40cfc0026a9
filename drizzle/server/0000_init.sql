CREATE SCHEMA "castmatch";
--> statement-breakpoint
CREATE TABLE "castmatch"."blobs" (
	"office_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"content_type" text NOT NULL,
	"data" "bytea" NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "blobs_pkey" PRIMARY KEY("office_id","sha256")
);
--> statement-breakpoint
CREATE TABLE "castmatch"."cell_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"office_id" uuid NOT NULL,
	"tbl" text NOT NULL,
	"row_id" text NOT NULL,
	"col" text NOT NULL,
	"value" jsonb NOT NULL,
	"hlc" text NOT NULL,
	"device_id" text NOT NULL,
	"reason" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "castmatch"."cells" (
	"office_id" uuid NOT NULL,
	"tbl" text NOT NULL,
	"row_id" text NOT NULL,
	"col" text NOT NULL,
	"value" jsonb NOT NULL,
	"hlc" text NOT NULL,
	"device_id" text NOT NULL,
	"seq" bigint NOT NULL,
	CONSTRAINT "cells_pkey" PRIMARY KEY("office_id","tbl","row_id","col")
);
--> statement-breakpoint
CREATE TABLE "castmatch"."invites" (
	"id" uuid PRIMARY KEY NOT NULL,
	"office_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"role" text NOT NULL,
	"created_by" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"used_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "castmatch"."office_state" (
	"office_id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "castmatch"."offices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "castmatch"."refresh_tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"office_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"device_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "castmatch"."users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"office_id" uuid NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"token_version" integer DEFAULT 0 NOT NULL,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "castmatch"."invites" ADD CONSTRAINT "invites_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "castmatch"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "castmatch"."office_state" ADD CONSTRAINT "office_state_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "castmatch"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "castmatch"."refresh_tokens" ADD CONSTRAINT "refresh_tokens_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "castmatch"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "castmatch"."refresh_tokens" ADD CONSTRAINT "refresh_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "castmatch"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "castmatch"."users" ADD CONSTRAINT "users_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "castmatch"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cell_history_cell_hlc_key" ON "castmatch"."cell_history" USING btree ("office_id","tbl","row_id","col","hlc");--> statement-breakpoint
CREATE INDEX "cells_office_seq_idx" ON "castmatch"."cells" USING btree ("office_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "invites_code_hash_key" ON "castmatch"."invites" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "invites_office_idx" ON "castmatch"."invites" USING btree ("office_id");--> statement-breakpoint
CREATE UNIQUE INDEX "refresh_tokens_hash_key" ON "castmatch"."refresh_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "refresh_tokens_family_idx" ON "castmatch"."refresh_tokens" USING btree ("office_id","family_id");--> statement-breakpoint
CREATE INDEX "refresh_tokens_user_idx" ON "castmatch"."refresh_tokens" USING btree ("office_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "castmatch"."users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "users_office_idx" ON "castmatch"."users" USING btree ("office_id");