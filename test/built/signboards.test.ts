import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import jsQR from 'jsqr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildDb, type Db } from '../../src/kernel/db/client.ts';
import { allCounties } from '../../src/kernel/geo/admin.ts';
import type { OutfallRecord } from '../../src/records/schema.ts';
import { currentDataset, publishedRecords } from '../../src/records/store.ts';
import { BOARD_HEIGHT, BOARD_WIDTH, LAYOUT, signboardSvg, textWidth, wrapText } from '../../src/site/signboard.ts';

/**
 * The built signboards: the QR code on each board, decoded from a real rasterisation (sharp →
 * librsvg → jsQR), must be exactly the outfall page's absolute URL; a county's ZIP holds exactly that
 * county's boards; long text wraps inside the board.
 */

const portal = inject('portal');
const client = join(portal.siteDir, 'client');
let db: Db;
let records: OutfallRecord[];
let demo: boolean;

beforeAll(() => {
  db = buildDb(portal.dbPath, { readonly: true });
  records = publishedRecords(db);
  demo = currentDataset(db)!.demo;
});
afterAll(() => db.$client.close());

const boardFile = (code: string) => join(client, 'signboards', `${code}.svg`);

/** Rasterises a board at `width` px and decodes its QR code. */
async function decodeQr(svg: string | Buffer, width = 1050): Promise<string | undefined> {
  const { data, info } = await sharp(Buffer.from(svg)).resize({ width }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data;
}

/** A spread of records: first, last, the longest name, and a few in between. */
function sample(): OutfallRecord[] {
  const longest = records.reduce((a, b) => (b.name.length > a.name.length ? b : a));
  const picks = [0, Math.floor(records.length / 3), Math.floor((2 * records.length) / 3), records.length - 1].map((i) => records[i]!);
  return [...new Map([...picks, longest].map((r) => [r.code, r])).values()];
}

describe('built signboards', () => {
  it('exist for every published outfall and no other', () => {
    for (const r of records) expect(existsSync(boardFile(r.code)), r.code).toBe(true);
    const svgs = readdirSync(join(client, 'signboards')).filter((f) => f.endsWith('.svg'));
    expect(svgs).toHaveLength(records.length);
  });

  it('QR codes decode to exactly the outfall page’s absolute URL (PUBLIC_BASE_URL)', async () => {
    for (const r of sample()) {
      const text = await decodeQr(readFileSync(boardFile(r.code)));
      expect(text, r.code).toBe(`${portal.publicBaseUrl}/outfalls/${r.code}/`);
    }
  });

  it('carry the particulars and, for demonstration data, the 演示数据 mark', () => {
    const r = records[0]!;
    const svg = readFileSync(boardFile(r.code), 'utf8');
    expect(svg).toMatch(/^<\?xml/);
    expect(svg).toContain('viewBox="0 0 2100 2970"'); // A-series, 1:√2
    expect(svg).toContain(r.code);
    expect(svg).toContain('12369');
    expect(svg.includes('演示数据')).toBe(demo);
  });

  it('are served as SVG', async () => {
    const res = await fetch(`${portal.url}/signboards/${records[0]!.code}.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
  });
});

describe('county ZIP', () => {
  const countiesWithOutfalls = () => [...new Set(records.map((r) => r.countyAdcode))].sort();

  it('exists for exactly the counties that have outfalls', () => {
    const withOutfalls = new Set(countiesWithOutfalls());
    for (const c of allCounties()) {
      expect(existsSync(join(client, 'signboards', 'county', `${c.adcode}.zip`)), c.adcode).toBe(withOutfalls.has(c.adcode));
    }
  });

  it('holds exactly that county’s boards, each readable with a working QR code', async () => {
    const busiest = countiesWithOutfalls().sort(
      (a, b) => records.filter((r) => r.countyAdcode === b).length - records.filter((r) => r.countyAdcode === a).length,
    )[0]!;
    for (const adcode of [busiest, countiesWithOutfalls().at(-1)!]) {
      const files = unzipSync(new Uint8Array(readFileSync(join(client, 'signboards', 'county', `${adcode}.zip`))));
      const svgs = Object.keys(files)
        .filter((n) => n.endsWith('.svg'))
        .sort();
      const expected = records
        .filter((r) => r.countyAdcode === adcode)
        .map((r) => `${r.code}.svg`)
        .sort();
      expect(svgs).toEqual(expected);
      const readme = Object.keys(files).find((n) => n.endsWith('.txt'))!;
      expect(strFromU8(files[readme]!).includes('演示数据')).toBe(demo);
      const first = svgs[0]!;
      expect(await decodeQr(Buffer.from(files[first]!))).toBe(`${portal.publicBaseUrl}/outfalls/${first.replace(/\.svg$/, '')}/`);
    }
  });

  it('is linked from the signboards index', () => {
    const html = readFileSync(join(client, 'signboards', 'index.html'), 'utf8');
    for (const adcode of countiesWithOutfalls()) expect(html).toContain(`href="/signboards/county/${adcode}.zip"`);
  });
});

describe('text fits the board', () => {
  const long = (): OutfallRecord => ({
    ...records[0]!,
    name: `${'第二松花江吉林市船营区'.repeat(6)}某某化工集团股份有限公司工业企业排污口（雨污合流）`,
    responsibleEntity: { name: '吉林省某某某某某某某某某某某某某某某某某某某化工集团股份有限公司第三分厂（原某某某某厂）' },
    supervisor: { name: '延边朝鲜族自治州生态环境局敦化市分局', phone: '0433-62222222' },
  });

  /** Every <text> line: its x, font size and content. */
  const textLines = (svg: string) =>
    [...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)" font-size="(\d+)"([^>]*)>([^<]*)<\/text>/g)].map((m) => ({
      x: Number(m[1]),
      y: Number(m[2]),
      size: Number(m[3]),
      anchor: /text-anchor="middle"/.test(m[4]!),
      text: m[5]!
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'"),
    }));

  it.each([
    [false, '220102'],
    [true, '220102'],
    [false, '222403'],
    [true, '222403'],
  ])('no line is wider than the board (demo %s, county %s)', (isDemo, countyAdcode) => {
    const svg = signboardSvg({ ...long(), countyAdcode }, { publicBaseUrl: portal.publicBaseUrl, demo: isDemo });
    const lines = textLines(svg);
    expect(lines.filter((l) => l.text.includes('船营区')).length).toBeGreaterThan(1); // the name wrapped
    for (const l of lines) {
      const w = textWidth(l.text, l.size);
      const [left, right] = l.anchor ? [l.x - w / 2, l.x + w / 2] : [l.x, l.x + w];
      expect(left, l.text).toBeGreaterThanOrEqual(LAYOUT.frame);
      expect(right, l.text).toBeLessThanOrEqual(LAYOUT.valueRight);
    }
    const info = lines.filter((l) => l.y > LAYOUT.infoTop && l.y < LAYOUT.infoBottom);
    expect(Math.max(...info.map((l) => l.y))).toBeLessThanOrEqual(LAYOUT.infoBottom);
    // Labels stay in their column, clear of the values.
    for (const l of info.filter((x) => x.x === LAYOUT.labelX)) expect(LAYOUT.labelX + textWidth(l.text, l.size), l.text).toBeLessThanOrEqual(LAYOUT.valueX);
    // Nothing is drawn below the frame.
    expect(Math.max(...lines.map((l) => l.y))).toBeLessThanOrEqual(BOARD_HEIGHT - LAYOUT.frame - 12);
  });

  it('prints a 延边 board in Korean above Chinese, keeping the values as published, with a working QR code', async () => {
    const r = { ...records[0]!, countyAdcode: '222401' };
    const svg = signboardSvg(r, { publicBaseUrl: portal.publicBaseUrl, demo: false });
    const lines = textLines(svg).map((l) => ({ ...l, korean: /\p{Script=Hangul}/u.test(l.text) }));
    const y = (text: string) => lines.find((l) => l.text === text)!.y;
    expect(y('하천 배출구 공시판')).toBeLessThan(y('入河排污口公示牌'));
    expect(y('배출구 이름')).toBeLessThan(y('排污口名称'));
    expect(lines.some((l) => l.text.includes(r.name.slice(0, 4)))).toBe(true);
    expect(lines.filter((l) => l.korean).length).toBeGreaterThanOrEqual(12);
    expect(await decodeQr(svg)).toBe(`${portal.publicBaseUrl}/outfalls/${r.code}/`);
    // Other counties' boards stay Chinese only.
    expect(
      /\p{Script=Hangul}/u.test(signboardSvg(records.find((x) => !x.countyAdcode.startsWith('2224'))!, { publicBaseUrl: portal.publicBaseUrl, demo: false })),
    ).toBe(false);
  });

  it('leaves the margin to the right of the text blank when rasterised', async () => {
    const svg = signboardSvg(long(), { publicBaseUrl: portal.publicBaseUrl, demo: false });
    const scale = 0.5;
    const { data, info } = await sharp(Buffer.from(svg))
      .resize({ width: BOARD_WIDTH * scale })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const x0 = Math.ceil((LAYOUT.valueRight + 8) * scale);
    const x1 = Math.floor((BOARD_WIDTH - LAYOUT.frame - 24) * scale);
    let dark = 0;
    for (let y = Math.floor(LAYOUT.infoTop * scale); y < LAYOUT.infoBottom * scale; y++) {
      for (let x = x0; x < x1; x++) {
        const i = (y * info.width + x) * info.channels;
        if (data[i]! < 200 || data[i + 1]! < 200 || data[i + 2]! < 200) dark++;
      }
    }
    expect(dark).toBe(0);
  });

  it.each([
    ['伊通河长春市南关区某某污水处理有限公司城镇污水处理厂排污口', 400, 64],
    ['YTH220102CW0001 伊通河 ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 500, 64],
    ['超标（化学需氧量 62 mg/L，氨氮 8.1 mg/L），已责令整改。', 300, 52],
  ])('wrapText keeps every line within the width: %s', (text, width, size) => {
    const lines = wrapText(text, width, size);
    expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
    for (const l of lines) expect(textWidth(l, size)).toBeLessThanOrEqual(width);
    for (const l of lines.slice(1)) expect(l).not.toMatch(/^[，。、；：）]/);
  });

  it('wrapText moves a code to the next line rather than splitting it', () => {
    const code = 'YTH220102CW0001';
    expect(wrapText(`伊通河编码${code}`, textWidth(code, 64) + 10, 64)).toEqual(['伊通河编码', code]);
  });
});
