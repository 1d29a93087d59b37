import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type MessageKey, t } from '../../../src/kernel/i18n/index.ts';
import { CSV_HEADERS } from '../../../src/site/exports/csv.ts';
import { dictionaryFields, recordJsonSchema, schemaDocComments } from '../../../src/site/exports/dictionary.ts';
import { BASE } from './fixtures.ts';

describe('data dictionary', () => {
  const fields = dictionaryFields();

  it('lists every leaf field of the schema with a Chinese description and a CSV column', () => {
    expect(fields.length).toBeGreaterThan(25);
    for (const f of fields) {
      const key = `publish.field.${f.path}` as MessageKey;
      expect(t(key), f.path).toEqual(expect.any(String));
      expect(f.csvColumn, f.path).toBeDefined();
    }
  });

  it('covers every CSV column except 坐标系 (always WGS84)', () => {
    const used = new Set(fields.map((f) => f.csvColumn));
    expect(CSV_HEADERS.filter((h) => !used.has(h))).toEqual(['坐标系']);
  });

  it('takes enumerations and required-ness from the zod schema', () => {
    const status = fields.find((f) => f.path === 'remediation.status')!;
    expect(status.values).toEqual(['待整治', '整治中', '已完成', '已销号']);
    expect(status.required).toBe(true);
    expect(fields.find((f) => f.path === 'approval.number')!.required).toBe(false); // parent optional
    expect(fields.find((f) => f.path === 'updatedAt')!.constraint).toContain('YYYY-MM-DD');
  });

  it('reads the English descriptions from the schema’s doc comments, nested objects included', async () => {
    const docs = await schemaDocComments(readFileSync(new URL('../../../src/records/schema.ts', import.meta.url), 'utf8'));
    expect(docs.get('code')).toMatch(/HJ 1235-2021/);
    expect(docs.get('receivingWater.name')).toMatch(/river, lake or reservoir/);
    expect(docs.get('type.level1')).toMatch(/Level-1 type name/); // via the outfallTypeSchema variable
    for (const f of fields) expect(docs.has(f.path), f.path).toBe(true);
  });

  it('publishes a JSON Schema with its $id', () => {
    const s = recordJsonSchema(BASE) as { $id: string; properties: Record<string, unknown>; required: string[] };
    expect(s.$id).toBe(`${BASE}/data/outfall.schema.json`);
    expect(s.required).toContain('code');
    expect(Object.keys(s.properties)).toContain('remediation');
  });
});
