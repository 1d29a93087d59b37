import { describe, expect, it } from 'vitest';
import { allTypeNames, LEVEL1_KEYS, level2Types, OUTFALL_TYPES, resolveTypeKey, resolveTypeName } from '../../src/records/classification.ts';

describe('HJ 1312 classification tree', () => {
  it('has the four level-1 types with stable keys, in order', () => {
    expect(OUTFALL_TYPES.map((t) => t.key)).toEqual([...LEVEL1_KEYS]);
    expect(OUTFALL_TYPES.map((t) => t.name)).toEqual(['工业排污口', '城镇污水处理厂排污口', '农业排口', '其他排口']);
  });

  it('has unique keys and unique two-letter codes across the whole tree', () => {
    const all: { key: string; code: string }[] = [];
    const walk = (nodes: typeof OUTFALL_TYPES) =>
      nodes.forEach((n) => {
        all.push(n);
        if (n.children) walk(n.children);
      });
    walk(OUTFALL_TYPES);
    expect(new Set(all.map((n) => n.key)).size).toBe(all.length);
    expect(new Set(all.map((n) => n.code)).size).toBe(all.length);
    expect(all.every((n) => /^[A-Z]{2}$/.test(n.code))).toBe(true);
  });

  it.each([
    ['工业排污口', '工业排污口', undefined, undefined],
    ['工矿企业雨洪排口', '工业排污口', '工矿企业雨洪排口', undefined],
    ['矿山排污口', '工业排污口', '工矿企业排污口', '矿山排污口'],
    // A name at two levels resolves to the deepest, so the record carries both levels.
    ['城镇污水处理厂排污口', '城镇污水处理厂排污口', '城镇污水处理厂排污口', undefined],
    ['农村生活污水散排口', '其他排口', '农村生活污水散排口', undefined],
    ['  规模化水产养殖排污口 ', '农业排口', '规模化水产养殖排污口', undefined],
  ])('resolves %s', (name, l1, l2, l3) => {
    const r = resolveTypeName(name);
    expect(r?.level1.name).toBe(l1);
    expect(r?.level2?.name).toBe(l2);
    expect(r?.level3?.name).toBe(l3);
  });

  it('does not guess unknown names', () => {
    expect(resolveTypeName('排污口')).toBeUndefined();
    expect(resolveTypeName('')).toBeUndefined();
  });

  it('lists 16 level-2 types, each resolvable by key', () => {
    const l2 = level2Types();
    expect(l2).toHaveLength(16);
    for (const { level1, level2 } of l2) expect(resolveTypeKey(level2.key)?.level1.key).toBe(level1.key);
    expect(allTypeNames()).toContain('尾矿库排污口');
  });
});
