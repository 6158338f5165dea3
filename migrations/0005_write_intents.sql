ALTER TABLE `records` ADD `write_started_at` text;--> statement-breakpoint
ALTER TABLE `records` ADD `write_hash` text;