CREATE TABLE `datasets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`imported_at` text NOT NULL,
	`source` text NOT NULL,
	`source_sha256` text NOT NULL,
	`demo` integer NOT NULL,
	`as_of` text NOT NULL,
	`record_count` integer NOT NULL,
	`added` integer NOT NULL,
	`changed` integer NOT NULL,
	`removed` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outfall_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dataset_id` integer NOT NULL,
	`code` text NOT NULL,
	`change` text NOT NULL,
	`fields` text,
	`name` text NOT NULL,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outfall_changes_dataset_idx` ON `outfall_changes` (`dataset_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `outfall_changes_dataset_code_uq` ON `outfall_changes` (`dataset_id`,`code`);--> statement-breakpoint
CREATE TABLE `outfalls` (
	`code` text PRIMARY KEY NOT NULL,
	`county_adcode` text NOT NULL,
	`city_adcode` text NOT NULL,
	`lng` real NOT NULL,
	`lat` real NOT NULL,
	`record` text NOT NULL,
	`hash` text NOT NULL,
	`dataset_id` integer NOT NULL,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outfalls_county_idx` ON `outfalls` (`county_adcode`);--> statement-breakpoint
CREATE INDEX `outfalls_city_idx` ON `outfalls` (`city_adcode`);