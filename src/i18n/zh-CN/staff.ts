/** County bureau staff pages. */
export default {} as const;
