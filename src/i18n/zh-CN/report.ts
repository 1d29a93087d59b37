/** Report API: error messages for citizens, statuses, categories, routing explanations. */
export default {} as const;
