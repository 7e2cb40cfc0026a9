CREATE TABLE `chat_message` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`role` text NOT NULL,
	`content` text NOT NULL,
	`text` text NOT NULL,
	`status` text NOT NULL,
	`error` text,
	`input_tokens` integer,
	`output_tokens` integer,
	`cache_read_tokens` integer,
	`cache_write_tokens` integer,
	`cost_usd` real,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversation`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `chat_message_conversation` ON `chat_message` (`conversation_id`,`id`);--> statement-breakpoint
CREATE TABLE `conversation` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`summary` text,
	`summary_upto` text,
	`model` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE TABLE `headshot` (
	`id` text PRIMARY KEY NOT NULL,
	`talent_id` text NOT NULL,
	`sha256` text NOT NULL,
	`original_name` text,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`talent_id`) REFERENCES `talent`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sha256`) REFERENCES `media_blob`(`sha256`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `headshot_talent` ON `headshot` (`talent_id`,`position`);--> statement-breakpoint
CREATE INDEX `headshot_sha256` ON `headshot` (`sha256`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE TABLE `media_blob` (
	`sha256` text PRIMARY KEY NOT NULL,
	`byte_size` integer NOT NULL,
	`mime` text NOT NULL,
	`width` integer,
	`height` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `memory` (
	`id` text PRIMARY KEY NOT NULL,
	`text` text NOT NULL,
	`source_conversation_id` text,
	`pinned` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE TABLE `project` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE TABLE `role` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`age_min` integer,
	`age_max` integer,
	`gender` text,
	`languages` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`project_id`) REFERENCES `project`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `role_project` ON `role` (`project_id`);--> statement-breakpoint
CREATE TABLE `script` (
	`id` text PRIMARY KEY NOT NULL,
	`sha256` text NOT NULL,
	`file_name` text NOT NULL,
	`title` text NOT NULL,
	`pages` integer NOT NULL,
	`analysis` text NOT NULL,
	`project_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `script_sha256_unique` ON `script` (`sha256`);--> statement-breakpoint
CREATE TABLE `script_note` (
	`id` text PRIMARY KEY NOT NULL,
	`script_id` text NOT NULL,
	`target_kind` text NOT NULL,
	`target_ref` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`script_id`) REFERENCES `script`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `script_note_script` ON `script_note` (`script_id`);--> statement-breakpoint
CREATE TABLE `setting` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `shortlist_entry` (
	`id` text PRIMARY KEY NOT NULL,
	`role_id` text NOT NULL,
	`talent_id` text NOT NULL,
	`status` text DEFAULT 'considered' NOT NULL,
	`notes` text,
	`rating` integer,
	`position` real DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`role_id`) REFERENCES `role`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`talent_id`) REFERENCES `talent`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shortlist_role_talent` ON `shortlist_entry` (`role_id`,`talent_id`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `shortlist_talent` ON `shortlist_entry` (`talent_id`);--> statement-breakpoint
CREATE TABLE `talent` (
	`id` text PRIMARY KEY NOT NULL,
	`full_name` text NOT NULL,
	`native_name` text,
	`stage_name` text,
	`gender` text,
	`date_of_birth` text,
	`playing_age_min` integer,
	`playing_age_max` integer,
	`height_cm` integer,
	`build` text,
	`languages` text DEFAULT '[]' NOT NULL,
	`dialects` text DEFAULT '[]' NOT NULL,
	`skills` text DEFAULT '[]' NOT NULL,
	`city` text,
	`home_state` text,
	`agency` text,
	`agent_name` text,
	`agent_phone` text,
	`agent_email` text,
	`union_name` text,
	`union_number` text,
	`phone` text,
	`email` text,
	`links` text DEFAULT '[]' NOT NULL,
	`showreel_url` text,
	`tags` text DEFAULT '[]' NOT NULL,
	`notes` text,
	`rating` integer,
	`availability` text DEFAULT 'unknown' NOT NULL,
	`primary_headshot` text,
	`sort_name` text NOT NULL,
	`age_from` integer,
	`age_to` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE INDEX `talent_phone` ON `talent` (`phone`);--> statement-breakpoint
CREATE INDEX `talent_email` ON `talent` (`email`);