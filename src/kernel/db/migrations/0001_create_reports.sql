CREATE TABLE `idempotency_keys` (
	`key` text PRIMARY KEY NOT NULL,
	`fingerprint` text NOT NULL,
	`state` text NOT NULL,
	`response_status` integer,
	`response_body` text,
	`report_id` integer,
	`created_at` text NOT NULL,
	`completed_at` text,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `report_contacts` (
	`report_id` integer PRIMARY KEY NOT NULL,
	`sealed` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `report_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`type` text NOT NULL,
	`actor` text NOT NULL,
	`public` integer NOT NULL,
	`status` text,
	`note` text,
	`data` text,
	`at` text NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `report_events_report_idx` ON `report_events` (`report_id`,`id`);--> statement-breakpoint
CREATE TABLE `report_photos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`position` integer NOT NULL,
	`sha256` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`bytes` integer NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `report_photos_report_position_uq` ON `report_photos` (`report_id`,`position`);--> statement-breakpoint
CREATE INDEX `report_photos_sha256_idx` ON `report_photos` (`sha256`);--> statement-breakpoint
CREATE TABLE `report_sequences` (
	`year` integer PRIMARY KEY NOT NULL,
	`last` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tracking_number` text NOT NULL,
	`year` integer NOT NULL,
	`seq` integer NOT NULL,
	`query_code_hash` text NOT NULL,
	`status` text DEFAULT 'received' NOT NULL,
	`county_adcode` text NOT NULL,
	`category` text NOT NULL,
	`description` text NOT NULL,
	`lng` real NOT NULL,
	`lat` real NOT NULL,
	`location_source` text,
	`outfall_code` text,
	`routing_rule` text NOT NULL,
	`routed_county_adcode` text NOT NULL,
	`point_county_adcode` text,
	`outfall_county_mismatch` integer DEFAULT false NOT NULL,
	`near_border` text NOT NULL,
	`boundary_version` text NOT NULL,
	`delivery_state` text DEFAULT 'pending' NOT NULL,
	`received_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_tracking_number_uq` ON `reports` (`tracking_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `reports_year_seq_uq` ON `reports` (`year`,`seq`);--> statement-breakpoint
CREATE INDEX `reports_county_status_idx` ON `reports` (`county_adcode`,`status`);--> statement-breakpoint
CREATE INDEX `reports_outfall_idx` ON `reports` (`outfall_code`);--> statement-breakpoint
CREATE INDEX `reports_delivery_idx` ON `reports` (`delivery_state`);