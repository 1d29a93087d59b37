import { describe, expect, it } from 'vitest';
import {
  apiFields,
  charCount,
  EMPTY_FORM,
  errorsFromApi,
  type FormState,
  formatDistance,
  inputIdFor,
  isEmpty,
  nearbyOutfalls,
  newIdempotencyKey,
  parseCoordinate,
  stateFromApiFields,
  validate,
} from '../../../src/components/report/form-model.ts';
import type { OutfallRow } from '../../../src/components/report/geo.ts';
import { fitWithin } from '../../../src/components/report/photos.ts';
import { CONTACT_NAME_MAX, DESCRIPTION_MAX, DESCRIPTION_MIN, MAX_PHOTOS } from '../../../src/kernel/report/limits.ts';

const limits = { descriptionMin: DESCRIPTION_MIN, descriptionMax: DESCRIPTION_MAX, contactNameMax: CONTACT_NAME_MAX, maxPhotos: MAX_PHOTOS };
const ok: FormState = { ...EMPTY_FORM, lat: '43.85', lng: '125.35', locationSource: 'typed', category: 'other', description: '河边有管子在排污水。' };

describe('validate', () => {
  it('accepts a complete report', () => {
    expect(validate(ok, limits, 0)).toEqual([]);
  });

  it.each([
    ['no location', { lat: '', lng: '' }, 'lat'],
    ['a latitude over 90', { lat: '91' }, 'lat'],
    ['a longitude in exponent form', { lng: '1.25e2' }, 'lng'],
    ['swapped coordinates', { lat: '125.35', lng: '43.85' }, 'lat'],
    ['a point far outside Jilin (北京)', { lat: '39.9', lng: '116.4' }, 'lat'],
    ['no category', { category: '' }, 'category'],
    ['no description', { description: '   ' }, 'description'],
    ['a description under the minimum', { description: '黑水' }, 'description'],
    ['a description over the maximum', { description: '污'.repeat(DESCRIPTION_MAX + 1) }, 'description'],
    ['a contact name over the maximum', { contactName: '名'.repeat(CONTACT_NAME_MAX + 1) }, 'contactName'],
  ] as const)('refuses %s, at the right field', (_, patch, field) => {
    const errors = validate({ ...ok, ...patch }, limits, 0);
    expect(errors.map((e) => e.field)).toEqual([field]);
    expect(errors[0]!.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses more photos than the API takes', () => {
    expect(validate(ok, limits, MAX_PHOTOS + 1).map((e) => e.field)).toEqual(['photos']);
  });

  it('counts characters as the API does (code points, trimmed): an emoji is one', () => {
    expect(charCount(' 排污口🚰 ')).toBe(4);
    expect(validate({ ...ok, description: '🚰'.repeat(DESCRIPTION_MAX) }, limits, 0)).toEqual([]);
  });
});

describe('parseCoordinate', () => {
  it.each([
    ['43.8868', 43.8868],
    [' 125.3245 ', 125.3245],
    ['４３．８８６８', 43.8868],
    ['43,8868', 43.8868],
    ['-12', -12],
    ['1e2', Number.NaN],
    ['43.8868N', Number.NaN],
    ['', Number.NaN],
  ])('%j → %d', (input, expected) => {
    expect(parseCoordinate(input)).toBe(expected);
  });
});

describe('apiFields and back', () => {
  it('sends only what was given, trimmed, with 6 decimals at most', () => {
    expect(apiFields({ ...ok, lat: '43.850000049', description: '  描述内容在这里。 ', contactName: ' ', accuracyM: '12' })).toEqual({
      lat: '43.85',
      lng: '125.35',
      category: 'other',
      description: '描述内容在这里。',
      locationSource: 'typed',
    });
  });

  it('sends the outfall and contact when given, and no source for a location taken from the outfall', () => {
    const fields = apiFields({ ...ok, locationSource: 'outfall', outfallCode: 'YTH220102CW0001', contactName: '王先生', contactPhone: '138 0000 0000' });
    expect(fields).toMatchObject({ outfallCode: 'YTH220102CW0001', contactName: '王先生', contactPhone: '138 0000 0000' });
    expect(fields).not.toHaveProperty('locationSource');
    expect(stateFromApiFields(fields)).toMatchObject({ outfallCode: 'YTH220102CW0001', locationSource: 'outfall', contactName: '王先生' });
  });

  it('round-trips a refused submission back into the form', () => {
    const s: FormState = { ...ok, locationSource: 'photo', contactPhone: '0431-88888888' };
    expect(stateFromApiFields(apiFields(s))).toEqual({ ...s, accuracyM: '' });
  });
});

describe('API errors in the form', () => {
  it('maps every issue to its input, the whole point to the latitude input', () => {
    const errors = errorsFromApi({
      code: 'invalid_lat',
      message: 'x',
      field: 'lat',
      issues: [
        { code: 'invalid_lat', field: 'lat', message: '纬度…' },
        { code: 'invalid_phone', field: 'contactPhone', message: '电话…' },
      ],
    });
    expect(errors).toEqual([
      { field: 'lat', message: '纬度…' },
      { field: 'contactPhone', message: '电话…' },
    ]);
    expect(errorsFromApi({ code: 'outside_province', message: '不在吉林省', field: 'location' })).toEqual([{ field: 'lat', message: '不在吉林省' }]);
    expect(errorsFromApi({ code: 'internal', message: '服务器内部错误', field: null })).toEqual([{ field: '', message: '服务器内部错误' }]);
  });

  it.each([
    ['lat', 'rf-lat'],
    ['location', 'rf-lat'],
    ['lng', 'rf-lng'],
    ['category', 'rf-category-illegal_discharge'],
    ['outfallCode', 'rf-outfall-none'],
    ['description', 'rf-description'],
    ['contactPhone', 'rf-contactPhone'],
    ['photos', 'rf-photos'],
  ])('%s is shown at #%s', (field, id) => {
    expect(inputIdFor(field, ['illegal_discharge', 'other'])).toBe(id);
  });
});

describe('nearbyOutfalls', () => {
  const rows: OutfallRow[] = [
    ['FAR', '远处排口', 44.5, 126.0, 0],
    ['B', '二号排口', 43.852, 125.35, 0],
    ['A', '一号排口', 43.8505, 125.35, 1],
  ];
  const point = { lat: 43.85, lng: 125.35 };

  it('offers the outfalls within the radius, nearest first', () => {
    expect(nearbyOutfalls(rows, point, '', 20).map((o) => o.code)).toEqual(['A', 'B']);
    expect(nearbyOutfalls(rows, point, 'A', 20).map((o) => o.code)).toEqual(['A', 'B']);
  });

  it('keeps the chosen outfall, first, when the point moved away from it', () => {
    const list = nearbyOutfalls(rows, point, 'FAR', 20);
    expect(list.map((o) => o.code)).toEqual(['FAR', 'A', 'B']);
    expect(list[0]!.distanceM / 1000).toBeGreaterThan(20);
    expect(nearbyOutfalls(rows, point, 'GONE', 20).map((o) => o.code)).toEqual(['A', 'B']);
  });
});

describe('small helpers', () => {
  it('keeps no draft for a location alone', () => {
    expect(isEmpty({ ...EMPTY_FORM, lat: '43.8', lng: '125.3', outfallCode: 'X' }, 0)).toBe(true);
    expect(isEmpty({ ...EMPTY_FORM, description: '有' }, 0)).toBe(false);
    expect(isEmpty(EMPTY_FORM, 1)).toBe(false);
  });

  it.each([
    [4, '4 米'],
    [57, '60 米'],
    [999, '1000 米'],
    [1234, '1.2 公里'],
    [15_600, '16 公里'],
  ])('formats %d m as %s', (m, text) => {
    expect(formatDistance(m)).toBe(text);
  });

  it('makes v4 UUIDs, different each time', () => {
    const keys = new Set(Array.from({ length: 100 }, newIdempotencyKey));
    expect(keys.size).toBe(100);
    for (const k of keys) expect(k).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it.each([
    [4000, 3000, [2048, 1536]],
    [3000, 4000, [1536, 2048]],
    [1024, 768, [1024, 768]],
    [10000, 100, [2048, 20]],
  ])('fits %d×%d within 2048 px as %j', (w, h, expected) => {
    expect(fitWithin(w, h)).toEqual(expected);
  });
});
