CREATE TABLE `alert_severities` (
	`alert_uid` text PRIMARY KEY NOT NULL,
	`severity` text,
	`priority` text,
	`answered` integer DEFAULT false NOT NULL,
	`asked_at` text NOT NULL
);
