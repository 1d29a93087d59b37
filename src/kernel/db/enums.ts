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
