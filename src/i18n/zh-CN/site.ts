/** Public pages other than the map: outfall pages, city/county pages, progress, search, open data, signboards. */
export default {} as const;
