/**
 * Site paths of the downloads. The paths are stable (scripts depend on them); for demonstration
 * data the page's links suggest a `-demo` file name to save under (the `download` attribute), so a
 * saved demo file is never mistaken for the real list.
 */
export const DOWNLOADS = {
  csv: { path: '/data/outfalls.csv', saveAs: (demo: boolean) => (demo ? 'outfalls-demo.csv' : 'outfalls.csv'), type: 'text/csv' },
  geojson: { path: '/data/outfalls.geojson', saveAs: (demo: boolean) => (demo ? 'outfalls-demo.geojson' : 'outfalls.geojson'), type: 'application/geo+json' },
  json: { path: '/data/outfalls.json', saveAs: (demo: boolean) => (demo ? 'outfalls-demo.json' : 'outfalls.json'), type: 'application/json' },
  changes: { path: '/data/changes.csv', saveAs: (demo: boolean) => (demo ? 'changes-demo.csv' : 'changes.csv'), type: 'text/csv' },
  schema: { path: '/data/outfall.schema.json', saveAs: () => 'outfall.schema.json', type: 'application/schema+json' },
} as const;
