import { strToU8, type Zippable, zipSync } from 'fflate';
import QRCode from 'qrcode';
import { type MessageKey, t } from '../kernel/i18n/index.ts';
import { offersKorean } from '../kernel/i18n/locales.ts';
import type { OutfallRecord } from '../records/schema.ts';
import { formatDate } from './format.ts';

/**
 * Printable public signboards (公示标识牌) for outfalls: one SVG per outfall in the layout of the
 * signboards set up at kept outfalls (blue header with the title and the 污水排放口 pictogram, the
 * outfall's particulars, the 12369 hotline and a QR code to the outfall's public page), and a ZIP
 * of a county's signboards for the bureau that has them printed.
 *
 * Geometry: the board is A-series portrait (1:√2), viewBox 0 0 2100 2970, so one unit is 0.1 mm on
 * A4 and 0.1414 mm on A3; the SVG declares 210 mm × 297 mm so it prints at A4 size by default.
 * Everything is plain SVG 1.1 (rect, path, text) so librsvg, browsers and print shops' tools
 * render it the same; no web fonts (a common CJK font stack, see FONT_STACK).
 *
 * Boards of 延边's outfalls are bilingual, as the prefecture's rules on language require of public
 * signs: every label, the title, the captions and the footer in Korean first (above), then Chinese;
 * the printed values (names, codes) stay as published.
 */

export const BOARD_WIDTH = 2100;
export const BOARD_HEIGHT = 2970;

/** CJK fonts common on Windows, macOS, Linux and print-shop machines, in that order of likelihood. */
export const FONT_STACK =
  "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC','Hiragino Sans GB','SimHei','WenQuanYi Micro Hei','Noto Sans CJK KR','Malgun Gothic','Apple SD Gothic Neo',sans-serif";

const BLUE = '#0b4ea2';
const INK = '#1a1a1a';
const MUTED = '#4a4a4a';
const DEMO_RED = '#b3261e';

/** Layout boxes, in board units. Text never crosses VALUE_RIGHT: the strip to its right stays blank. */
export const LAYOUT = {
  frame: 30,
  headerBottom: 470,
  infoTop: 520,
  infoBottom: 1890,
  labelX: 120,
  labelWidth: 360,
  valueX: 500,
  /** Right edge of every text line; the frame's inner edge is at 2058. */
  valueRight: 1980,
  qrTop: 1930,
  qrSize: 720,
  demoTop: 2700,
  footerY: 2880,
} as const;

// ─── Text measurement and wrapping ──────────────────────────────────────────────────────────────

/**
 * Approximate advance of one character in em. CJK ideographs, kana, hangul and full-width forms are
 * 1 em in every CJK font; Latin letters and digits in the fallback sans fonts are 0.5–0.95 em, so
 * the figures below are deliberately on the wide side: a line measured here never overflows.
 */
export function charWidthEm(ch: string): number {
  const c = ch.codePointAt(0)!;
  if (
    c >= 0x1100 &&
    (c <= 0x115f ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      c >= 0x20000)
  )
    return 1;
  if (ch === ' ') return 0.3;
  if (/[MW@%]/.test(ch)) return 0.95;
  if (/[A-Z]/.test(ch)) return 0.72;
  if (/[0-9]/.test(ch)) return 0.6;
  if (/[a-z]/.test(ch)) return 0.6;
  if (/[.,:;'!|il()[\]{}]/.test(ch)) return 0.35;
  if (c < 0x80) return 0.6;
  // Other symbols (°, ·, Ⅲ, …): assume full width.
  return 1;
}

/**
 * Approximate rendered width of `text` at `fontSize` board units.
 *
 * @example textWidth('伊通河', 64) // 192
 */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) em += charWidthEm(ch);
  return em * fontSize;
}

/** Characters that must not start a line (Chinese line-breaking rules, 避头点). */
const NO_LINE_START = /^[，。、；：？！）】》」』”’・·…—,.;:?!)\]}%]$/u;
const WORD_CHAR = /^[A-Za-z0-9\-_.]$/;

/**
 * Breaks `text` into lines no wider than `maxWidth` at `fontSize`. Chinese text breaks between any
 * two characters except before closing punctuation; runs of Latin letters and digits (codes, phone
 * numbers) are kept together when they fit on a line.
 *
 * @example wrapText('伊通河长春南关段某某有限公司排污口', 320, 64) // ['伊通河长春', '南关段某某有', …]
 */
export function wrapText(text: string, maxWidth: number, fontSize: number): string[] {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  const lines: string[] = [];
  let line: string[] = [];
  let width = 0;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const w = charWidthEm(ch) * fontSize;
    if (line.length && width + w > maxWidth) {
      let carry: string[] = [];
      // Keep a Latin/digit word whole by moving its start to the next line, when it fits there.
      if (WORD_CHAR.test(ch)) {
        let k = line.length;
        while (k > 0 && WORD_CHAR.test(line[k - 1]!)) k--;
        if (k > 0 && k < line.length) {
          let wordEnd = i;
          while (wordEnd < chars.length && WORD_CHAR.test(chars[wordEnd]!)) wordEnd++;
          const word = [...line.slice(k), ...chars.slice(i, wordEnd)];
          if (textWidth(word.join(''), fontSize) <= maxWidth) carry = line.splice(k);
        }
      } else if (NO_LINE_START.test(ch)) {
        // A closing mark takes the characters before it along rather than starting a line, and so
        // does a run of closing marks (`），`): carry until the next line starts with a non-mark.
        let k = line.length - 1;
        while (k > 1 && NO_LINE_START.test(line[k]!)) k--;
        if (k > 0) carry = line.splice(k);
      }
      if (line.length && line.at(-1) === ' ') line.pop();
      lines.push(line.join(''));
      line = carry;
      width = textWidth(line.join(''), fontSize);
      if (ch === ' ' && !line.length) continue;
    }
    line.push(ch);
    width += w;
  }
  if (line.length) lines.push(line.join(''));
  return lines.length ? lines : [''];
}

// ─── SVG building blocks ────────────────────────────────────────────────────────────────────────

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Escapes text for SVG/XML content and attribute values. */
export const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);

/** The absolute URL a signboard's QR code encodes: the outfall's public page. */
export function outfallPageUrl(publicBaseUrl: string, code: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/outfalls/${encodeURIComponent(code)}/`;
}

/** Site path of an outfall's signboard SVG. */
export const signboardPath = (code: string) => `/signboards/${encodeURIComponent(code)}.svg`;
/** Site path of a county's signboards ZIP. */
export const countyZipPath = (adcode: string) => `/signboards/county/${adcode}.zip`;

/**
 * A QR code as one SVG path in module units (quiet zone included), drawn as horizontal runs of dark
 * modules so the path stays short. Error correction Q (25 %): a printed board outdoors gets dirty
 * and scratched, and the URL is short enough that Q still gives a small symbol (version 4–6).
 */
export function qrPath(text: string, quietZone = 4): { d: string; modules: number } {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'Q' });
  const { size, data } = qr.modules;
  let d = '';
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!data[row * size + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && data[row * size + col]) col++;
      d += `M${start + quietZone} ${row + quietZone}h${col - start}v1h${start - col}z`;
    }
  }
  return { d, modules: size + 2 * quietZone };
}

/**
 * The 污水排放口 graphic symbol after GB 15562.1 (a pipe discharging onto water), drawn white on the
 * blue header, inside a `size`-unit square at (x, y).
 */
function pictogram(x: number, y: number, size: number): string {
  const s = size / 100;
  return (
    `<g transform="translate(${x} ${y}) scale(${s})" fill="none" stroke="#fff" stroke-linecap="round" stroke-linejoin="round">` +
    `<rect x="3" y="3" width="94" height="94" rx="8" stroke-width="5"/>` +
    // Pipe coming from the bank (left) with its outlet flange.
    `<path d="M12 28h40v12H12z" fill="#fff" stroke-width="3"/>` +
    `<path d="M52 24v20" stroke-width="5"/>` +
    // Falling water.
    `<path d="M58 34c8 4 12 14 12 26M58 40c5 4 7 12 7 20" stroke-width="4"/>` +
    // Receiving water.
    `<path d="M10 72c7-6 13-6 20 0s13 6 20 0 13-6 20 0 13 6 20 0" stroke-width="5"/>` +
    `<path d="M10 86c7-6 13-6 20 0s13 6 20 0 13-6 20 0 13 6 20 0" stroke-width="5"/>` +
    `</g>`
  );
}

function textLine(x: number, y: number, size: number, s: string, attrs = ''): string {
  return `<text x="${x}" y="${y}" font-size="${size}"${attrs}>${escapeXml(s)}</text>`;
}

// ─── The board ──────────────────────────────────────────────────────────────────────────────────

export interface SignboardOptions {
  /** PUBLIC_BASE_URL from the configuration (absolute, no trailing slash). */
  publicBaseUrl: string;
  /** Demonstration dataset: the board carries a 演示数据 band and watermark. */
  demo: boolean;
}

/** Whether a board is printed in Korean and Chinese (延边). */
export const bilingualBoard = (r: Pick<OutfallRecord, 'countyAdcode'>) => offersKorean(r.countyAdcode);

/** A board text: Chinese, or on a bilingual board Korean above Chinese (one entry per line). */
function boardText(key: MessageKey, bilingual: boolean, params?: Record<string, string | number>): string[] {
  return bilingual ? [t(key, params, 'ko'), t(key, params)] : [t(key, params)];
}

/**
 * The particulars printed on a board, label → value, in print order. A label is one line per
 * language (Korean first on a bilingual board).
 */
export function signboardFields(r: OutfallRecord): { label: string[]; value: string }[] {
  const bi = bilingualBoard(r);
  const label = (key: MessageKey) => boardText(key, bi);
  const type = r.type.level2 && r.type.level2 !== r.type.level1 ? `${r.type.level1}（${r.type.level2}）` : r.type.level1;
  const water = r.receivingWater.qualityTarget
    ? t('publish.signboard.waterTarget', { water: r.receivingWater.name, target: r.receivingWater.qualityTarget })
    : r.receivingWater.name;
  return [
    { label: label('publish.signboard.name'), value: r.name },
    { label: label('publish.signboard.code'), value: r.code },
    { label: label('publish.signboard.type'), value: type },
    { label: label('publish.signboard.place'), value: `${r.cityName}${r.countyName}` },
    { label: label('publish.signboard.water'), value: water },
    { label: label('publish.signboard.entity'), value: r.responsibleEntity.name },
    { label: label('publish.signboard.supervisor'), value: r.supervisor.name },
    { label: label('publish.signboard.phone'), value: r.supervisor.phone ?? boardText('publish.signboard.noPhone', bi).join(' / ') },
  ];
}

/** Font sizes tried in turn until every field fits the info area (long names get smaller type). */
const FONT_STEPS = [64, 58, 52, 46, 40] as const;
const LINE_HEIGHT = 1.32;
const ROW_PAD = 22;

interface InfoLayout {
  fontSize: number;
  rows: { labelLines: string[]; lines: string[]; height: number }[];
}

/**
 * Lays the particulars out in the info area: the largest font step at which every wrapped field fits.
 * At the smallest step a field that still does not fit is cut to the lines available, ending in `…`
 * (a 120-character name needs 4 lines at 40 units; the schema allows no longer names).
 */
export function layoutInfo(fields: { label: string[]; value: string }[]): InfoLayout {
  const available = LAYOUT.infoBottom - LAYOUT.infoTop;
  const valueWidth = LAYOUT.valueRight - LAYOUT.valueX;
  let last: InfoLayout | undefined;
  for (const fontSize of FONT_STEPS) {
    const lineH = fontSize * LINE_HEIGHT;
    const rows = fields.map((f) => {
      const lines = wrapText(f.value, valueWidth, fontSize);
      const labelLines = f.label.flatMap((l) => wrapText(l, LAYOUT.labelWidth, fontSize));
      const n = Math.max(lines.length, labelLines.length);
      return { labelLines, lines, height: n * lineH + 2 * ROW_PAD };
    });
    last = { fontSize, rows };
    if (rows.reduce((s, r) => s + r.height, 0) <= available) return last;
  }
  // Still too tall at the smallest size: share the remaining lines out, longest field cut first.
  const fontSize = FONT_STEPS.at(-1)!;
  const lineH = fontSize * LINE_HEIGHT;
  const maxLines = Math.floor((available - fields.length * 2 * ROW_PAD) / lineH);
  const rows = last!.rows.map((r) => ({ ...r, lines: [...r.lines] }));
  const rowLines = (r: (typeof rows)[number]) => Math.max(r.lines.length, r.labelLines.length);
  let total = rows.reduce((s, r) => s + rowLines(r), 0);
  while (total > maxLines) {
    const longest = rows.reduce((a, b) => (b.lines.length > a.lines.length ? b : a));
    if (longest.lines.length <= longest.labelLines.length) break; // only labels left: nothing to cut
    longest.lines.pop();
    total = rows.reduce((s, r) => s + rowLines(r), 0);
  }
  for (const [i, r] of rows.entries()) {
    const lastLine = r.lines.at(-1)!;
    const full = last!.rows[i]!.lines;
    if (r.lines.length < full.length) {
      const cut = [...lastLine];
      while (cut.length && textWidth(`${cut.join('')}…`, fontSize) > valueWidth) cut.pop();
      r.lines[r.lines.length - 1] = `${cut.join('')}…`;
    }
    r.height = rowLines(r) * lineH + 2 * ROW_PAD;
  }
  return { fontSize, rows };
}

/**
 * The signboard of one outfall as a standalone SVG document.
 *
 * @example signboardSvg(record, { publicBaseUrl: 'https://hbpwk.example.gov.cn', demo: false })
 */
export function signboardSvg(record: OutfallRecord, options: SignboardOptions): string {
  const W = BOARD_WIDTH;
  const H = BOARD_HEIGHT;
  const L = LAYOUT;
  const url = outfallPageUrl(options.publicBaseUrl, record.code);
  const bi = bilingualBoard(record);
  const out: string[] = [];
  out.push(
    `<?xml version="1.0" encoding="UTF-8"?>\n`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="t">`,
    `<title id="t">${escapeXml(`${t('publish.signboard.title')}：${record.name}（${record.code}）`)}</title>`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<rect x="${L.frame}" y="${L.frame}" width="${W - 2 * L.frame}" height="${H - 2 * L.frame}" rx="36" fill="none" stroke="${BLUE}" stroke-width="24"/>`,
    `<g font-family="${escapeXml(FONT_STACK)}">`,
  );

  // Header: blue band, pictogram, title.
  out.push(
    `<path d="M42 78a36 36 0 0 1 36-36h${W - 156}a36 36 0 0 1 36 36V${L.headerBottom}H42z" fill="${BLUE}"/>`,
    pictogram(110, 105, 300),
    ...(bi
      ? [
          textLine(480, 190, 104, t('publish.signboard.title', undefined, 'ko'), ' font-weight="700" fill="#fff" letter-spacing="4"'),
          textLine(480, 318, 104, t('publish.signboard.title'), ' font-weight="700" fill="#fff" letter-spacing="8"'),
          textLine(486, 392, 42, t('publish.signboard.subtitle', undefined, 'ko'), ' fill="#fff"'),
          textLine(486, 446, 42, t('publish.signboard.subtitle'), ' fill="#fff"'),
        ]
      : [
          textLine(480, 250, 150, t('publish.signboard.title'), ' font-weight="700" fill="#fff" letter-spacing="8"'),
          textLine(486, 380, 62, t('publish.signboard.subtitle'), ' fill="#fff"'),
        ]),
  );

  // Demonstration watermark behind the particulars (kept clear of the QR code so it still scans).
  if (options.demo) {
    out.push(
      `<text x="${W / 2}" y="${(L.infoTop + L.infoBottom) / 2}" font-size="300" font-weight="700" fill="${DEMO_RED}" fill-opacity="0.08" text-anchor="middle" dominant-baseline="middle" transform="rotate(-28 ${W / 2} ${(L.infoTop + L.infoBottom) / 2})">${escapeXml(t('publish.demo.mark'))}</text>`,
    );
  }

  // Particulars: label column and wrapped values, rows separated by hairlines.
  const info = layoutInfo(signboardFields(record));
  const lineH = info.fontSize * LINE_HEIGHT;
  let y = L.infoTop;
  for (const [i, row] of info.rows.entries()) {
    const baseline = y + ROW_PAD + info.fontSize * 1.02;
    for (const [k, s] of row.labelLines.entries()) out.push(textLine(L.labelX, baseline + k * lineH, info.fontSize, s, ` font-weight="700" fill="${BLUE}"`));
    for (const [k, s] of row.lines.entries())
      out.push(textLine(L.valueX, baseline + k * lineH, info.fontSize, s, ` fill="${INK}"${i < 2 ? ' font-weight="700"' : ''}`));
    y += row.height;
    out.push(`<path d="M${L.labelX} ${y}H${L.valueRight}" stroke="${BLUE}" stroke-opacity="0.35" stroke-width="3"/>`);
  }

  // QR code with its caption and the 12369 hotline.
  const qr = qrPath(url);
  const scale = L.qrSize / qr.modules;
  out.push(
    `<rect x="${L.labelX}" y="${L.qrTop}" width="${L.qrSize}" height="${L.qrSize}" fill="#fff"/>`,
    `<path transform="translate(${L.labelX} ${L.qrTop}) scale(${+scale.toFixed(4)})" d="${qr.d}" fill="#000" shape-rendering="crispEdges"/>`,
  );
  const cx = L.labelX + L.qrSize + 80;
  if (bi) {
    const captions = [...boardText('publish.signboard.scan1', bi), ...boardText('publish.signboard.scan2', bi)];
    for (const [k, s] of captions.entries()) out.push(textLine(cx, L.qrTop + 70 + k * 68, 50, s, ` font-weight="700" fill="${INK}"`));
    for (const [k, s] of boardText('publish.signboard.hotlineLabel', bi).entries()) out.push(textLine(cx, L.qrTop + 380 + k * 56, 44, s, ` fill="${MUTED}"`));
    out.push(textLine(cx, L.qrTop + 640, 200, '12369', ` font-weight="700" fill="${BLUE}" letter-spacing="6"`));
  } else {
    out.push(
      textLine(cx, L.qrTop + 110, 72, t('publish.signboard.scan1'), ` font-weight="700" fill="${INK}"`),
      textLine(cx, L.qrTop + 210, 72, t('publish.signboard.scan2'), ` font-weight="700" fill="${INK}"`),
      textLine(cx, L.qrTop + 360, 62, t('publish.signboard.hotlineLabel'), ` fill="${MUTED}"`),
      textLine(cx, L.qrTop + 580, 220, '12369', ` font-weight="700" fill="${BLUE}" letter-spacing="6"`),
    );
  }

  if (options.demo) {
    out.push(
      `<rect x="42" y="${L.demoTop}" width="${W - 84}" height="110" fill="${DEMO_RED}"/>`,
      ...(bi
        ? boardText('publish.signboard.demoBand', bi).map((s, k) =>
            textLine(W / 2, L.demoTop + 48 + k * 48, 40, s, ' font-weight="700" fill="#fff" text-anchor="middle"'),
          )
        : [textLine(W / 2, L.demoTop + 78, 62, t('publish.signboard.demoBand'), ' font-weight="700" fill="#fff" text-anchor="middle"')]),
    );
  }
  if (bi) {
    out.push(
      textLine(L.labelX, L.footerY - 30, 36, t('publish.signboard.footer', { date: formatDate(record.updatedAt, 'ko') }, 'ko'), ` fill="${MUTED}"`),
      textLine(L.labelX, L.footerY + 20, 36, t('publish.signboard.footer', { date: formatDate(record.updatedAt) }), ` fill="${MUTED}"`),
    );
  } else {
    out.push(textLine(L.labelX, L.footerY, 44, t('publish.signboard.footer', { date: formatDate(record.updatedAt) }), ` fill="${MUTED}"`));
  }
  out.push('</g></svg>\n');
  return out.join('');
}

// ─── County batch ───────────────────────────────────────────────────────────────────────────────

export interface CountyZipOptions extends SignboardOptions {
  countyName: string;
  /** Dataset date (YYYY-MM-DD): the entries' timestamp, so the same data gives the same bytes. */
  asOf: string;
}

/**
 * A ZIP of the signboards of one county's outfalls (`<code>.svg` each) plus a `README.txt` (Chinese text) with the
 * printing notes, the dataset date and, for demonstration data, the 演示数据 warning.
 * SVG compresses about 3:1, so deflate level 6 is enough; higher levels only cost build time.
 */
export function countySignboardsZip(records: readonly OutfallRecord[], options: CountyZipOptions): Uint8Array<ArrayBuffer> {
  const mtime = new Date(`${options.asOf}T12:00:00Z`);
  const files: Zippable = {};
  const readme = [
    t('publish.zip.readmeTitle', { county: options.countyName }),
    t('publish.zip.readmeDate', { date: formatDate(options.asOf), count: records.length }),
    t('publish.zip.readmePrint'),
    t('publish.zip.readmeQr'),
    ...(options.demo ? [t('publish.zip.readmeDemo')] : []),
  ].join('\r\n');
  // ASCII entry names: Windows Explorer's built-in unzip ignores the ZIP UTF-8 flag on older systems.
  files[options.demo ? 'README-DEMO.txt' : 'README.txt'] = [strToU8(`\ufeff${readme}\r\n`), { level: 6, mtime }];
  for (const r of records) files[`${r.code}.svg`] = [strToU8(signboardSvg(r, options)), { level: 6, mtime }];
  return zipSync(files, { mtime });
}
