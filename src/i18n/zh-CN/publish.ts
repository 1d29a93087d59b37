/** Signboards, the progress page and open data (downloads, data dictionary, change log). */
export default {} as const;
