/**
 * The value lists of the schema's enum columns that code outside the database uses too, in a
 * module that imports nothing: browser code (the staff pages' islands) takes them from here
 * without bundling drizzle, which importing them from ./schema.ts would do (its table
 * definitions are top-level calls a bundler keeps). ./schema.ts uses and re-exports them.
 */

/** Public status of a report, in the order it moves through them (issue 5 adds the staff workflow). */
export const REPORT_STATUSES = ['received', 'accepted', 'rejected', 'in_progress', 'concluded'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** How the handling county was chosen. */
export const ROUTING_RULES = ['point_in_polygon', 'outfall_county'] as const;
export type RoutingRule = (typeof ROUTING_RULES)[number];

/** Staff roles: county staff handle their own county's reports; province staff read all and reassign. */
export const STAFF_ROLES = ['county', 'province'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The reporter's rating of a concluded report (满意 / 基本满意 / 不满意). */
export const RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type Rating = (typeof RATINGS)[number];

/** Status of a review (复核) the reporter asked for, handled by province staff as a case of its own. */
export const REVIEW_STATUSES = ['requested', 'accepted', 'rejected', 'concluded'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** What a concluded review found: the handling stands, or the county must handle the report again. */
export const REVIEW_OUTCOMES = ['upheld', 'redo'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];
