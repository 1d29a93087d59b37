/** Importer messages (row-level problems in a published records file). */
export default {} as const;
