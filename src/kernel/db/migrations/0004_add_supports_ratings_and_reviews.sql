CREATE TABLE `report_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`reason` text NOT NULL,
	`status` text DEFAULT 'requested' NOT NULL,
	`outcome` text,
	`reply` text,
	`requested_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `report_reviews_report_uq` ON `report_reviews` (`report_id`);--> statement-breakpoint
CREATE INDEX `report_reviews_status_idx` ON `report_reviews` (`status`);--> statement-breakpoint
CREATE TABLE `report_supports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`photo_position` integer,
	`at` text NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `report_supports_report_idx` ON `report_supports` (`report_id`);--> statement-breakpoint
ALTER TABLE `reports` ADD `rating` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `rated_at` text;--> statement-breakpoint
CREATE INDEX `reports_received_idx` ON `reports` (`received_at`);