import fc from 'fast-check';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEnv } from '../../api/context.ts';
import { ApiError, errorHandler } from '../../api/errors.ts';
import { createLogger } from '../../api/logger.ts';
import { requireIdempotencyKey } from '../../api/middleware/idempotency-key.ts';
import { formError, reportFormSchema } from '../../api/reports/schemas.ts';
import { allCities, allCounties } from '../../src/kernel/geo/admin.ts';
import { CATEGORY_KEYS } from '../../src/kernel/report/categories.ts';
import { CONTACT_NAME_MAX, DESCRIPTION_MAX, DESCRIPTION_MIN, LOCATION_SOURCES, MAX_PHOTOS } from '../../src/kernel/report/limits.ts';
import { PROBLEM_SEVERITY } from '../../src/records/import/problems.ts';
import {
  BOOLEAN_WORDS,
  type Cell,
  cleanText,
  creditCodeCheckChar,
  excelSerialToIso,
  isBlank,
  type Parsed,
  parseBoolean,
  parseCity,
  parseCoordinate,
  parseCounty,
  parseCreditCode,
  parseCrs,
  parseDate,
  parseEnum,
  parseOutfallCode,
  parsePhone,
  parseType,
} from '../../src/records/import/values.ts';
import {
  CREDIT_CODE,
  DISCHARGE_CHANNELS,
  DISCHARGE_MODES,
  OUTFALL_CODE,
  outfallRecordSchema,
  REMEDIATION_ROUTES,
  REMEDIATION_STATUSES,
} from '../../src/records/schema.ts';
import { form, jpeg, makeTestApp, postReport, type TestApp } from '../api/helpers.ts';
import { buildRecord } from '../support/builders.ts';

/**
 * Property-based tests of every validator at the edges of the system: the report form schema (and
 * the one function that turns its failures into HTTP errors), the Idempotency-Key check, the
 * importer's value parsers and the published outfall record schema.
 *
 * For each: generated valid input is always accepted; generated bad input (out-of-range or
 * non-decimal coordinates, NaN/Infinity spellings, control characters, oversized text, wrong types,
 * repeated fields) is always refused as a 4xx naming the field — never a 5xx, never an exception.
 *
 * Seeded and bounded: every property runs with the fixed SEED and a fixed numRuns, so a failure
 * reproduces exactly (fast-check prints the counterexample and the path to replay it).
 */

const SEED = 20260501;
const run = (numRuns: number) => ({ seed: SEED, numRuns, endOnFailure: true });

// ─── Generators ─────────────────────────────────────────────────────────────────────────────────

/** C0/C1 controls (without tab and line breaks), DEL and the bidi overrides the API refuses. */
const CONTROL_CHARS = [
  ...Array.from({ length: 0x20 }, (_, i) => i).filter((c) => c !== 0x09 && c !== 0x0a && c !== 0x0d),
  ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i),
  0x202a,
  0x202b,
  0x202c,
  0x202d,
  0x202e,
  0x2066,
  0x2067,
  0x2068,
  0x2069,
].map((c) => String.fromCodePoint(c));
const controlChar = fc.constantFrom(...CONTROL_CHARS);

/** Characters a citizen types: Chinese, ASCII letters and digits, punctuation, an emoji (one code point, two UTF-16 units). */
const TEXT_CHARS = [...'河边排口在排黑色污水气味刺鼻泡沫死鱼夜间偷排暗管ABCxyz0123456789，。！？、（）-_/:;%', '😀', '𠀋'];
const visible = fc.constantFrom(...TEXT_CHARS);
const inner = fc.oneof({ weight: 12, arbitrary: visible }, { weight: 1, arbitrary: fc.constantFrom(' ', '\n', '\r\n', '\t') });

/** Text of exactly `min`..`max` code points after trimming: it starts and ends with a visible character. */
function textOf(min: number, max: number) {
  return fc
    .tuple(visible, fc.array(inner, { minLength: Math.max(0, min - 2), maxLength: Math.max(0, max - 2) }), visible)
    .map(([a, mid, b]) => `${a}${mid.join('')}${b}`)
    .filter((s) => {
      const n = [...s.replace(/\r\n/g, '\n').trim()].length;
      return n >= min && n <= max;
    });
}

/** A decimal-degree string as a form sends it: optional sign and spaces, 0–12 decimals. */
function decimalDegrees(max: number) {
  return fc
    .tuple(fc.double({ min: -max, max, noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 12 }), fc.boolean(), fc.constantFrom('', ' ', '  '))
    .map(([x, places, plus, pad]) => {
      const s = x.toFixed(places).replace(/^-(0(?:\.0*)?)$/, '$1');
      return `${pad}${plus && !s.startsWith('-') ? '+' : ''}${s}${pad}`;
    });
}

const MOBILE = fc
  .tuple(fc.constantFrom('', '+86', '86', '+86 '), fc.integer({ min: 3, max: 9 }), fc.stringMatching(/^\d{9}$/), fc.constantFrom('', ' ', '-'))
  .map(([cc, second, rest, sep]) => `${cc}1${second}${rest.slice(0, 3)}${sep}${rest.slice(3)}`);
const LANDLINE = fc
  .tuple(fc.stringMatching(/^0\d{2,3}$/), fc.stringMatching(/^\d{7,8}$/), fc.constantFrom('-', ' ', '', '（', '('))
  .map(([area, num, sep]) => (sep === '（' ? `（${area}）${num}` : sep === '(' ? `(${area})${num}` : `${area}${sep}${num}`));
const outfallCode = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{4,39}$/);

type FormValue = string | File | (string | File)[] | undefined;
type FormInput = Record<string, FormValue>;

const tinyFile = (name = 'a.jpg', bytes = 1) => new File([new Uint8Array(bytes).fill(0xff)], name, { type: 'image/jpeg' });

/** A valid form as zValidator hands it to the schema (strings, Files, arrays for repeated names). */
const validForm: fc.Arbitrary<FormInput> = fc.record(
  {
    lat: decimalDegrees(90),
    lng: decimalDegrees(180),
    category: fc.constantFrom(...CATEGORY_KEYS),
    description: textOf(DESCRIPTION_MIN, DESCRIPTION_MAX),
    outfallCode: fc.oneof(outfallCode, fc.constant('')),
    contactName: fc.oneof(
      textOf(1, CONTACT_NAME_MAX).map((s) => s.replace(/[\r\n\t]/g, ' ')),
      fc.constant(''),
    ),
    contactPhone: fc.oneof(MOBILE, LANDLINE, fc.constant('')),
    locationSource: fc.constantFrom(...LOCATION_SOURCES),
    photos: fc.oneof(
      fc.constant(''),
      fc.integer({ min: 1, max: MAX_PHOTOS }).map((n) => (n === 1 ? tinyFile() : Array.from({ length: n }, (_, i) => tinyFile(`p${i}.jpg`)))),
    ),
    // Fields the schema does not know are dropped, whatever their names.
    '../../etc/passwd': fc.string(),
    'photos[0]': fc.string(),
  },
  { requiredKeys: ['lat', 'lng', 'category', 'description'] },
);

/** One field made bad, and the field the error must name. */
interface Mutation {
  field: string;
  value: FormValue;
  codes: string[];
}

const outOfRange = (max: number) =>
  fc
    .tuple(fc.double({ min: max + 1e-9, max: 1e6, noNaN: true }), fc.boolean(), fc.integer({ min: 0, max: 9 }))
    .map(([x, neg, p]) => `${neg ? '-' : ''}${x.toFixed(p)}`)
    .filter((s) => Math.abs(Number(s)) > max);
const NOT_DECIMAL = [
  'NaN',
  '-NaN',
  'nan',
  'Infinity',
  '-Infinity',
  '+Infinity',
  'inf',
  '1e3',
  '4.3e1',
  '0x2B',
  '0b101',
  '43,85',
  '43.8.5',
  '４３.８５',
  '43.85°',
  '1_000',
  '',
  ' ',
  '.5',
  '5.',
  '+-5',
  '--5',
  '43.1234567890123',
  '\u00a043.85',
  '43.85\u0000',
  '١٢',
  'null',
  'undefined',
  '[object Object]',
];

const mut = (field: string, value: FormValue, ...codes: string[]): Mutation => ({ field, value, codes });

function mutation(): fc.Arbitrary<Mutation> {
  const coord = (field: 'lat' | 'lng', max: number): fc.Arbitrary<Mutation> => {
    const code = `invalid_${field}`;
    return fc.oneof(
      outOfRange(max).map((v) => mut(field, v, code)),
      fc.constantFrom(...NOT_DECIMAL).map((v) => mut(field, v, code)),
      fc
        .string({ unit: 'binary', maxLength: 20 })
        .filter((s) => !/^[+-]?\d{1,3}(?:\.\d{1,12})?$/.test(s.trim()))
        .map((v) => mut(field, v, code)),
      fc.constant(mut(field, tinyFile('lat.txt'), code)),
      fc.constant(mut(field, ['43.85', '43.86'], 'duplicate_field')),
      fc.constant(mut(field, undefined, 'required')),
    );
  };
  return fc.oneof(
    coord('lat', 90),
    coord('lng', 180),
    fc.oneof(
      fc
        .string({ maxLength: 30 })
        .filter((s) => !(CATEGORY_KEYS as readonly string[]).includes(s))
        .map((v) => mut('category', v, 'invalid_category')),
      fc.constant(mut('category', [CATEGORY_KEYS[0], CATEGORY_KEYS[1]], 'duplicate_field')),
      fc.constant(mut('category', tinyFile(), 'invalid_category')),
      fc.constant(mut('category', undefined, 'required')),
    ),
    fc.oneof(
      textOf(DESCRIPTION_MAX + 1, DESCRIPTION_MAX + 400).map((v) => mut('description', v, 'description_too_long')),
      textOf(1, DESCRIPTION_MIN - 1).map((v) => mut('description', v, 'description_too_short')),
      fc.tuple(textOf(DESCRIPTION_MIN, 200), controlChar, fc.nat()).map(([s, c, at]) => {
        const chars = [...s];
        chars.splice(1 + (at % (chars.length - 1)), 0, c);
        return mut('description', chars.join(''), 'control_characters');
      }),
      fc.constantFrom('', ' ', '\n\n', '\t \r\n').map((v) => mut('description', v, 'required')),
      fc.constant(mut('description', ['河边有污水在排放', '河边有污水在排放'], 'duplicate_field')),
      fc.constant(mut('description', tinyFile(), 'required')),
    ),
    fc.oneof(
      textOf(CONTACT_NAME_MAX + 1, CONTACT_NAME_MAX + 60).map((v) => mut('contactName', v.replace(/[\r\n\t]/g, '名'), 'contact_name_too_long')),
      fc.tuple(textOf(2, 20), fc.oneof(controlChar, fc.constant('\n'))).map(([s, c]) => mut('contactName', `${s[0]}${c}${s.slice(1)}`, 'control_characters')),
      fc.constant(mut('contactName', ['张三', '李四'], 'duplicate_field')),
    ),
    fc.oneof(
      fc
        .string({ unit: 'binary', minLength: 1, maxLength: 40 })
        .filter((s) => {
          const d = s
            .normalize('NFC')
            .replace(/\r\n?/g, '\n')
            .trim()
            .replace(/[\s\-()（）]/g, '');
          return d !== '' && !/^(?:\+?86)?1[3-9]\d{9}$/.test(d) && !/^0\d{2,3}\d{7,8}$/.test(d);
        })
        .map((v) => mut('contactPhone', v, 'invalid_phone')),
      fc.constant(mut('contactPhone', tinyFile(), 'invalid_phone')),
    ),
    fc.oneof(
      fc
        .string({ unit: 'binary', minLength: 1, maxLength: 60 })
        .filter((s) => {
          const c = s.normalize('NFC').trim().toUpperCase();
          return c !== '' && !OUTFALL_CODE.test(c);
        })
        .map((v) => mut('outfallCode', v, 'invalid_outfall_code')),
      fc
        .constantFrom('../../etc/passwd', 'A'.repeat(41), 'ab/../c', 'YTH220102CW0001\u0000', 'YTH 220102')
        .map((v) => mut('outfallCode', v, 'invalid_outfall_code')),
    ),
    fc
      .string({ maxLength: 20 })
      .filter((s) => !(LOCATION_SOURCES as readonly string[]).includes(s))
      .map((v) => mut('locationSource', v, 'invalid_location_source')),
    fc.oneof(
      fc.integer({ min: MAX_PHOTOS + 1, max: 20 }).map((n) =>
        mut(
          'photos',
          Array.from({ length: n }, (_, i) => tinyFile(`${i}.jpg`)),
          'too_many_photos',
        ),
      ),
      fc.string({ minLength: 1, maxLength: 20 }).map((v) => mut('photos', v, 'invalid_photo')),
      fc.constant(mut('photos', [tinyFile(), 'not-a-file'], 'invalid_photo')),
    ),
  );
}

// ─── The report form ────────────────────────────────────────────────────────────────────────────

const clean = (s: string) => s.normalize('NFC').replace(/\r\n?/g, '\n').trim();

describe('report form schema (api/reports/schemas.ts)', () => {
  it('accepts every valid form, keeping the values (coordinates as numbers, text trimmed)', async () => {
    await fc.assert(
      fc.asyncProperty(validForm, async (input) => {
        const r = await reportFormSchema.safeParseAsync(input);
        if (!r.success) throw new Error(`refused: ${JSON.stringify(r.error.issues)}`);
        expect(r.data.lat).toBe(Number(String(input.lat).trim()));
        expect(r.data.lng).toBe(Number(String(input.lng).trim()));
        expect(r.data.description).toBe(clean(input.description as string));
        expect(r.data.photos.length).toBe(input.photos === undefined || input.photos === '' ? 0 : Array.isArray(input.photos) ? input.photos.length : 1);
        expect(Object.keys(r.data)).not.toContain('../../etc/passwd');
      }),
      run(300),
    );
  });

  it('refuses every form with one bad field as a 4xx naming exactly that field', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(validForm, mutation(), async (input, m) => {
        const bad: FormInput = { ...input, [m.field]: m.value };
        if (m.value === undefined) delete bad[m.field];
        const r = await reportFormSchema.safeParseAsync(bad);
        expect(r.success).toBe(false);
        if (r.success) return;
        const err = formError(r.error);
        expect(err).toBeInstanceOf(ApiError);
        expect(err.field).toBe(m.field);
        expect(m.codes).toContain(err.code);
        expect(err.status).toBeGreaterThanOrEqual(400);
        expect(err.status).toBeLessThan(500);
        expect(err.message).toMatch(/\p{Script=Han}/u);
      }),
      run(600),
    );
  });

  it('never throws, whatever is posted: any field names, any values, any types', async () => {
    const anyValue = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 64 }),
      fc.constant(tinyFile()),
      fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.constant(tinyFile())), { maxLength: 8 }),
    );
    const keys = fc.oneof(fc.constantFrom(...Object.keys(reportFormSchema.shape)), fc.string({ unit: 'binary', maxLength: 12 }));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(keys, anyValue, { maxKeys: 14 }), async (input) => {
        const r = await reportFormSchema.safeParseAsync(input);
        if (r.success) return;
        const err = formError(r.error);
        expect(err.status).toBeGreaterThanOrEqual(400);
        expect(err.status).toBeLessThan(500);
        expect(Object.keys(reportFormSchema.shape)).toContain(err.field);
      }),
      run(400),
    );
  });
});

describe('POST /api/reports through the app: bad fields are 4xx with a named field, never 5xx', () => {
  let t: TestApp;
  let photo: Buffer;
  beforeAll(async () => {
    t = makeTestApp();
    photo = await jpeg(8, 8);
  });
  afterAll(() => t.cleanup());

  /** A point in Jilin's bounding box: inside the province → 201, else 422 outside_province. */
  const jilinBox = fc.tuple(fc.double({ min: 121.7, max: 131.2, noNaN: true }), fc.double({ min: 40.9, max: 46.2, noNaN: true }));

  it('answers 201 or a 4xx error body with code, Chinese message and field', { timeout: 60_000 }, async () => {
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(validForm, fc.option(mutation(), { freq: 2 }), jilinBox, async (input, m, [lng, lat]) => {
        const fields: Record<string, string | string[] | undefined> = {};
        const files: File[] = [];
        for (const [k, v] of Object.entries({
          ...input,
          lat: lat.toFixed(6),
          lng: lng.toFixed(6),
          contactName: '',
          contactPhone: '',
          outfallCode: '',
          photos: undefined,
          ...(m ? { [m.field]: m.value } : {}),
        })) {
          for (const one of v === undefined ? [] : Array.isArray(v) ? v : [v]) {
            if (one instanceof File) files.push(new File([new Uint8Array(photo)], one.name, { type: 'image/jpeg' }));
            else fields[k] = [...((fields[k] as string[] | undefined) ?? []), one];
          }
        }
        const body = form(fields);
        for (const f of files) body.append(m?.field && m.field !== 'photos' ? m.field : 'photos', f);
        const res = await postReport(t, body);
        const json = (await res.json()) as { error?: { code: string; message: string; field: string | null } };
        const key = `${res.status} ${json.error?.code ?? 'created'}`;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        expect(res.status === 201 || (res.status >= 400 && res.status < 500)).toBe(true);
        if (res.status === 201) return;
        expect(json.error!.field).toBeTruthy();
        expect(json.error!.message).toMatch(/\p{Script=Han}/u);
        if (m && res.status === 400) expect(json.error!.field).toBe(m.field);
        if (!m) expect([201, 422]).toContain(res.status);
      }),
      run(200),
    );
    // The run really exercised both sides.
    expect(outcomes.get('201 created')).toBeGreaterThan(0);
    expect([...outcomes.keys()].filter((k) => k.startsWith('400')).length).toBeGreaterThan(3);
    expect(t.logs.filter((l) => l.includes('"level":"error"'))).toEqual([]);
  });
});

// ─── Idempotency-Key ────────────────────────────────────────────────────────────────────────────

describe('Idempotency-Key check (api/middleware/idempotency-key.ts)', () => {
  const app = new Hono<ApiEnv>();
  app.post('/x', requireIdempotencyKey(), (c) => c.json({ key: c.get('idempotencyKey') }));
  app.onError(errorHandler(createLogger({ write: () => {} })));
  const post = (key: string | undefined) => app.request('/x', { method: 'POST', headers: key === undefined ? {} : { 'Idempotency-Key': key } });

  it('accepts any UUID in any letter case, with surrounding spaces, and stores it lower-cased', async () => {
    const padded = fc.tuple(fc.mixedCase(fc.uuid()), fc.constantFrom('', ' ', '\t', '  ')).map(([u, p]) => `${p}${u}${p}`);
    await fc.assert(
      fc.asyncProperty(padded, async (key) => {
        const res = await post(key);
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ key: key.trim().toLowerCase() });
      }),
      run(200),
    );
  });

  it('refuses anything else with 400 naming the header', async () => {
    // What a client can put in a header: any byte but NUL, CR and LF (latin-1 for the upper half).
    const headerValue = fc.string({
      unit: fc
        .integer({ min: 1, max: 0xff })
        .filter((c) => c !== 0x0a && c !== 0x0d)
        .map((c) => String.fromCharCode(c)),
      maxLength: 80,
    });
    const nearMiss = fc
      .uuid()
      .chain((u) =>
        fc.oneof(
          fc.constant(u.replace(/-/g, '')),
          fc.constant(`{${u}}`),
          fc.constant(`urn:uuid:${u}`),
          fc.constant(`${u}0`),
          fc.constant(u.slice(1)),
          fc.constant(u.replace(/[0-9a-f]$/, 'g')),
          fc.constant(`${u},${u}`),
        ),
      );
    await fc.assert(
      fc.asyncProperty(fc.oneof(headerValue, nearMiss), async (key) => {
        fc.pre(!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key.trim()));
        const res = await post(key);
        const body = (await res.json()) as { error: { code: string; field: string } };
        expect(res.status).toBe(400);
        expect(body.error.field).toBe('Idempotency-Key');
        expect(body.error.code).toBe(key.trim() === '' ? 'idempotency_key_missing' : 'idempotency_key_invalid');
      }),
      run(300),
    );
    expect((await post(undefined)).status).toBe(400);
  });
});

// ─── Importer value parsers ─────────────────────────────────────────────────────────────────────

/** Any cell a CSV or XLSX file can produce, and some it cannot (NaN, ±Infinity, invalid dates, huge numbers). */
const anyCell: fc.Arbitrary<Cell> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({
    unit: fc.constantFrom(...'0123456789.°′″\'"度分秒EeNnWwSs东经北纬-+ /年月日号底末', '１', '２', '．', '\u3000', '\u200b', '\ufeff'),
    maxLength: 24,
  }),
  fc.double(),
  fc.integer(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, 1e21, -1e21, 2 ** 53, Number.MIN_VALUE, -0),
  fc.boolean(),
  fc.date({ noInvalidDate: false }),
  fc.constantFrom(null, undefined),
);

const PARSERS: [string, (c: Cell) => Parsed<unknown>][] = [
  ['parseCoordinate(lng)', (c) => parseCoordinate(c, 'lng')],
  ['parseCoordinate(lat)', (c) => parseCoordinate(c, 'lat')],
  ['parseDate', (c) => parseDate(c)],
  ['parseDate(periodEnd)', (c) => parseDate(c, { periodEnd: true })],
  ['parseBoolean', parseBoolean],
  ['parseEnum(remediationStatus)', (c) => parseEnum('remediationStatus', c)],
  ['parseEnum(remediationRoute)', (c) => parseEnum('remediationRoute', c)],
  ['parseEnum(dischargeMode)', (c) => parseEnum('dischargeMode', c)],
  ['parseEnum(dischargeChannel)', (c) => parseEnum('dischargeChannel', c)],
  ['parseOutfallCode', parseOutfallCode],
  ['parseCreditCode', parseCreditCode],
  ['parsePhone', parsePhone],
  ['parseCrs', parseCrs],
  ['parseType', parseType],
  ['parseCity', parseCity],
  ['parseCounty', (c) => parseCounty(c)],
  [
    'parseCounty(长春市)',
    (c) =>
      parseCounty(
        c,
        allCities().find((x) => x.adcode === '220100'),
      ),
  ],
];

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const realIsoDate = (s: string) => {
  const m = ISO.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s) && Number(m[1]) >= 1949 && Number(m[1]) <= 2100;
};

describe('importer value parsers (src/records/import/values.ts)', () => {
  it('never throw: every cell gives a value or a failure with a known problem code', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(anyCell, (cell) => {
        for (const [name, parse] of PARSERS) {
          let r: Parsed<unknown>;
          try {
            r = parse(cell);
          } catch (err) {
            throw new Error(`${name} threw on ${String(cell)}: ${(err as Error).message}`);
          }
          if (!r.ok) expect(Object.keys(PROBLEM_SEVERITY)).toContain(r.code);
        }
        expect(typeof cleanText(cell)).toBe('string');
        expect(typeof isBlank(cell)).toBe('boolean');
      }),
      run(2000),
    );
  });

  it('what they accept satisfies the record schema: finite coordinates, real dates, codes of the right shape', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(anyCell, (cell) => {
        for (const axis of ['lng', 'lat'] as const) {
          const r = parseCoordinate(cell, axis);
          if (r.ok) expect(Number.isFinite(r.value) && r.value >= 0).toBe(true);
        }
        for (const r of [parseDate(cell), parseDate(cell, { periodEnd: true })]) if (r.ok) expect(realIsoDate(r.value)).toBe(true);
        const code = parseOutfallCode(cell);
        if (code.ok) expect(code.value).toMatch(OUTFALL_CODE);
        const credit = parseCreditCode(cell);
        if (credit.ok) expect(credit.value).toMatch(CREDIT_CODE);
        const phone = parsePhone(cell);
        if (phone.ok) expect(phone.value).toMatch(/^[0-9+\-() ]{5,30}$/);
        const city = parseCity(cell);
        if (city.ok) expect(allCities()).toContain(city.value);
        const county = parseCounty(cell);
        if (county.ok) expect(allCounties()).toContain(county.value.county);
        const s = cleanText(cell);
        expect(s).toBe(s.trim());
        expect(s).not.toMatch(/\s{2}|[\u200b-\u200d\u2060\ufeff]/);
      }),
      run(2000),
    );
  });

  it('coordinates: decimal degrees and degrees-minutes-seconds, with hemisphere, read back to the same value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 179 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 5999 }),
        fc.constantFrom('', 'E', '东经'),
        fc.constantFrom('dec', 'dms', 'cn', 'fullwidth'),
        (d, m, cs, hemi, style) => {
          const sec = cs / 100;
          const value = d + m / 60 + sec / 3600;
          const text =
            style === 'dec'
              ? value.toFixed(8)
              : style === 'dms'
                ? `${d}°${m}′${sec}″`
                : style === 'cn'
                  ? `${d}度${m}分${sec}秒`
                  : `${d}°${m}′${sec}″`.replace(/\d/g, (x) => String.fromCharCode(0xff10 + Number(x)));
          const r = parseCoordinate(`${hemi}${text}`, 'lng');
          expect(r.ok).toBe(true);
          if (r.ok) expect(r.value).toBeCloseTo(value, 7);
          // The wrong hemisphere for the column is refused, never silently accepted.
          expect(parseCoordinate(`北纬${text}`, 'lng').ok).toBe(false);
          expect(parseCoordinate(`W${text}`, 'lng').ok).toBe(false);
        },
      ),
      run(1000),
    );
  });

  it('coordinates: NaN, Infinity, negative numbers, exponents and minutes/seconds ≥ 60 are refused', () => {
    const bad = fc.oneof(
      fc.constantFrom(
        Number.NaN,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        'NaN',
        'Infinity',
        '-Infinity',
        '1e2',
        '12e1',
        '0x7D',
        '-125.3',
        '125.3.1',
        '125°60′',
        '125°10′60″',
        '125.5°10′',
      ),
      fc.double({ max: -Number.MIN_VALUE, noNaN: true }),
      fc.tuple(fc.integer({ min: 0, max: 179 }), fc.integer({ min: 60, max: 99 })).map(([d, m]) => `${d}°${m}′`),
    );
    fc.assert(
      fc.property(bad, (cell) => {
        const r = parseCoordinate(cell, 'lng');
        expect(r).toEqual({ ok: false, code: 'coordinate_invalid' });
      }),
      run(500),
    );
  });

  it('dates: every real date in range reads back from each written form; impossible dates are refused', () => {
    const day = fc.date({ min: new Date('1949-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(day, fc.constantFrom('iso', 'slash', 'dot', 'cn', 'compact', 'serial', 'date-cell'), (dt, style) => {
        const [y, m, d] = [dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate()];
        const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const serial = Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000);
        const cell: Cell =
          style === 'iso'
            ? iso
            : style === 'slash'
              ? `${y}/${m}/${d}`
              : style === 'dot'
                ? `${y}.${m}.${d}`
                : style === 'cn'
                  ? `${y}年${m}月${d}日`
                  : style === 'compact'
                    ? iso.replace(/-/g, '')
                    : style === 'serial'
                      ? serial
                      : new Date(Date.UTC(y, m - 1, d));
        expect(parseDate(cell)).toEqual({ ok: true, value: iso });
      }),
      run(1000),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1949, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 29, max: 40 }), (y, m, d) => {
        const exists = new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
        fc.pre(!exists);
        expect(parseDate(`${y}-${m}-${d}`).ok).toBe(false);
        expect(parseDate(`${y}年${m}月${d}日`).ok).toBe(false);
      }),
      run(300),
    );
    for (const serial of [0, -1, 60, Number.NaN, Number.POSITIVE_INFINITY, 1e12]) expect(excelSerialToIso(serial)).toBeUndefined();
  });

  it('credit codes: a valid check character is accepted in any case and width; any single changed character is caught', () => {
    const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const body17 = fc
      .tuple(fc.stringMatching(/^[0-9A-HJ-NPQRTUWXY]{2}$/), fc.stringMatching(/^\d{6}$/), fc.stringMatching(/^[0-9A-HJ-NPQRTUWXY]{9}$/))
      .map((p) => p.join(''));
    fc.assert(
      fc.property(body17, fc.nat({ max: 16 }), fc.nat({ max: 30 }), (first17, at, shift) => {
        const code = `${first17}${creditCodeCheckChar(first17)}`;
        expect(parseCreditCode(code)).toEqual({ ok: true, value: code });
        expect(parseCreditCode(` ${code.toLowerCase()} `)).toEqual({ ok: true, value: code });
        // GB 32100's weights are all coprime to 31, so one substituted character always changes the check.
        const old = CHARS.indexOf(code[at]!);
        const changed = CHARS[(old + 1 + shift) % 31]!;
        fc.pre(changed !== code[at] && (at < 2 || at > 7 || /\d/.test(changed)));
        const typo = `${code.slice(0, at)}${changed}${code.slice(at + 1)}`;
        expect(parseCreditCode(typo).ok).toBe(false);
      }),
      run(1000),
    );
  });

  it('yes/no words, enumerations and outfall codes are read however they are cased, spaced or full-width', () => {
    const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.entries(BOOLEAN_WORDS)),
        fc.constantFrom(...REMEDIATION_STATUSES, ...REMEDIATION_ROUTES, ...DISCHARGE_MODES, ...DISCHARGE_CHANNELS),
        outfallCode,
        fc.boolean(),
        ([word, value], enumValue, code, wide) => {
          const w = wide ? fullWidth(word.toLowerCase()) : ` ${word.toLowerCase()} `;
          expect(parseBoolean(w)).toEqual({ ok: true, value });
          const enumName = (REMEDIATION_STATUSES as readonly string[]).includes(enumValue)
            ? 'remediationStatus'
            : (REMEDIATION_ROUTES as readonly string[]).includes(enumValue)
              ? 'remediationRoute'
              : (DISCHARGE_MODES as readonly string[]).includes(enumValue)
                ? 'dischargeMode'
                : 'dischargeChannel';
          expect(parseEnum(enumName, ` ${enumValue} `)).toEqual({ ok: true, value: enumValue });
          expect(parseOutfallCode(wide ? fullWidth(code) : ` ${code.toLowerCase()} `)).toEqual({ ok: true, value: code.toUpperCase() });
        },
      ),
      run(1000),
    );
  });
});

// ─── Published outfall record ───────────────────────────────────────────────────────────────────

describe('outfall record schema (src/records/schema.ts)', () => {
  // The schema's limits count UTF-16 units (an emoji is two).
  const shortText = (max: number) =>
    textOf(1, max)
      .map((s) => s.replace(/\s+/g, ' '))
      .filter((s) => s.length <= max);
  const validRecord = fc
    .record({
      code: fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{4,39}$/),
      name: shortText(120),
      lng: fc.double({ min: 121, max: 132, noNaN: true }),
      lat: fc.double({ min: 40, max: 47, noNaN: true }),
      water: shortText(60),
      status: fc.constantFrom(...REMEDIATION_STATUSES),
      route: fc.option(fc.constantFrom(...REMEDIATION_ROUTES), { nil: undefined }),
      mode: fc.option(fc.constantFrom(...DISCHARGE_MODES), { nil: undefined }),
      retained: fc.boolean(),
      updatedAt: fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    })
    .map((v) =>
      buildRecord({
        code: v.code,
        name: v.name,
        lng: v.lng,
        lat: v.lat,
        receivingWater: { name: v.water },
        remediation: { status: v.status, ...(v.route && { route: v.route }) },
        ...(v.mode ? { dischargeMode: v.mode } : {}),
        retained: v.retained,
        updatedAt: v.updatedAt,
      }),
    );

  /** Paths of the record and values of the wrong type or out of range for them. */
  const BAD: [path: string[], values: unknown[]][] = [
    [['code'], ['', 'abc', 'a b c d e', 'x'.repeat(41), 123, null, ['YTH220102CW0001']]],
    [['name'], ['', '   ', 'n'.repeat(121), 42, null, {}]],
    [['lng'], [Number.NaN, Number.POSITIVE_INFINITY, -Number.POSITIVE_INFINITY, 120.99, 132.01, '125.3', null]],
    [['lat'], [Number.NaN, Number.POSITIVE_INFINITY, 39.99, 47.01, '43.8', []]],
    [['countyAdcode'], ['110101', '22010', 220102, null]],
    [
      ['receivingWater', 'name'],
      ['', 'w'.repeat(61), 7],
    ],
    [
      ['remediation', 'status'],
      ['done', '', null, 1],
    ],
    [['retained'], ['是', 1, 'true', null]],
    [['updatedAt'], ['2025-02-30', '2025/01/01', '20250101', 20250101, '', null]],
    [
      ['monitoring', 'date'],
      ['yesterday', '2025-13-01'],
    ],
    [
      ['responsibleEntity', 'creditCode'],
      ['91220101MA0Y3K7P0', 'I1220101MA0Y3K7P0D', 12345],
    ],
    [
      ['supervisor', 'phone'],
      ['0431', 'call me', '0431-8888888888888888888888888888'],
    ],
  ];

  it('accepts every record built from valid values', () => {
    fc.assert(
      fc.property(validRecord, (record) => {
        const r = outfallRecordSchema.safeParse(record);
        if (!r.success) throw new Error(JSON.stringify(r.error.issues));
      }),
      run(500),
    );
  });

  it('refuses a wrong type or out-of-range value in any field, naming its path', () => {
    const cases = fc.constantFrom(...BAD.flatMap(([path, values]) => values.map((v) => [path, v] as const)));
    fc.assert(
      fc.property(validRecord, cases, (record, [path, value]) => {
        const copy = structuredClone(record) as Record<string, unknown>;
        let o = copy;
        for (const k of path.slice(0, -1)) {
          o[k] ??= {};
          o = o[k] as Record<string, unknown>;
        }
        o[path.at(-1)!] = value;
        const r = outfallRecordSchema.safeParse(copy);
        expect(r.success).toBe(false);
        if (!r.success) expect(r.error.issues.map((i) => i.path.join('.'))).toContain(path.join('.'));
      }),
      run(500),
    );
  });
});
