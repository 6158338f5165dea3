CREATE TABLE `locks` (
	`name` text PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`pid` integer NOT NULL,
	`host` text NOT NULL,
	`acquired_at` text NOT NULL,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `notion_databases` (
	`name` text PRIMARY KEY NOT NULL,
	`database_id` text NOT NULL,
	`data_source_id` text NOT NULL,
	`updated_at` text NOT NULL
);
