import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Self-hosted SDF glyphs for the map's labels (build time only). maplibre draws text from glyph
 * ranges of 256 code points (`{fontstack}/{range}.pbf`). Only Latin, digits and Latin-1 (0–255)
 * are served: cluster counts and the odd Latin letter. Chinese is drawn by the browser from the
 * phone's own fonts (maplibre's local glyph rendering, `localIdeographFontFamily`), so no CJK glyph
 * range — megabytes per font — is ever downloaded.
 *
 * The SDFs are rendered by fontnik (mapbox's glyph generator, a prebuilt native addon shipped in the
 * npm package) from Noto Sans (SIL Open Font License 1.1, the @fontsource/noto-sans package).
 */

const require = createRequire(import.meta.url);

/** Font stacks the map style may name in `text-font`, with their source files. */
export const GLYPH_FONTS = {
  'NotoSans-Regular': '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff',
  'NotoSans-Bold': '@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff',
} as const;

export type GlyphFontstack = keyof typeof GLYPH_FONTS;

/** The glyph ranges served. */
export const GLYPH_RANGES = ['0-255'] as const;

interface Fontnik {
  range(opts: { font: Buffer; start: number; end: number }, cb: (err: Error | null, data?: Buffer) => void): void;
}

/**
 * Renders one glyph range of one font stack as a maplibre glyph PBF.
 *
 * @example await glyphRange('NotoSans-Bold', '0-255') // Buffer with the SDFs of U+0000–U+00FF
 */
export function glyphRange(fontstack: GlyphFontstack, range: (typeof GLYPH_RANGES)[number]): Promise<Buffer> {
  const fontnik = require('fontnik') as Fontnik;
  const font = readFileSync(require.resolve(GLYPH_FONTS[fontstack]));
  const [start, end] = range.split('-').map(Number) as [number, number];
  return new Promise((resolve, reject) => {
    fontnik.range({ font, start, end }, (err, data) =>
      err || !data ? reject(err ?? new Error(`fontnik returned no data for ${fontstack} ${range}`)) : resolve(data),
    );
  });
}
