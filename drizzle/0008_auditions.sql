-- Audition slots per project and role (src/backend/casting/auditions.ts). Hand-written. Times are wall-clock
-- text 'YYYY-MM-DDTHH:MM' in the office's time zone. A synced table (src/backend/sync/tables.ts): its capture
-- triggers are installed by enableCapture like the others'.
CREATE TABLE `audition` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`role_id` text NOT NULL,
	`talent_id` text NOT NULL,
	`starts_at` text NOT NULL,
	`ends_at` text NOT NULL,
	`place` text NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`notes` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`project_id`) REFERENCES `project`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`role_id`) REFERENCES `role`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`talent_id`) REFERENCES `talent`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audition_project_start` ON `audition` (`project_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `audition_talent_start` ON `audition` (`talent_id`,`starts_at`);
