DROP INDEX `talent_phone`;--> statement-breakpoint
DROP INDEX `talent_email`;