CREATE TABLE `pending_writes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job` text NOT NULL,
	`source_key` text NOT NULL,
	`priority` integer NOT NULL,
	`since_ms` integer NOT NULL,
	`action` text NOT NULL,
	`props` text,
	`hash` text,
	`page_id` text,
	`status_value` text,
	`refs` text,
	`not_before_ms` integer,
	`wait_reason` text,
	`run_id` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pending_job_key_uq` ON `pending_writes` (`job`,`source_key`);--> statement-breakpoint
CREATE INDEX `pending_order_idx` ON `pending_writes` (`priority`,`since_ms`);--> statement-breakpoint
ALTER TABLE `records` ADD `status_value` text;--> statement-breakpoint
ALTER TABLE `sync_runs` ADD `queued` integer DEFAULT 0 NOT NULL;