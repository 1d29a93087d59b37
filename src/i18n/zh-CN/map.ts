/** The home page map, filters, near-me and legend. */
export default {} as const;
