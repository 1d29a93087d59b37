/**
 * Outfall classification after HJ 1312-2023 (入河入海排污口监督管理技术指南 排污口分类), kept as
 * data so that the importer, the map legend, filters and the demo generator share one tree.
 *
 * `code` is the two-letter type code used inside outfall codes of the demonstration data
 * (HJ 1235-2021 layout: receiving-water code + county code + type code + sequence).
 * `key` is a stable ASCII identifier used in URLs, CSS classes and the compact map data.
 */
export interface OutfallTypeNode {
  /** Stable ASCII key, e.g. `industrial`. */
  key: string;
  /** Official Chinese name. */
  name: string;
  /** Two-letter code used in outfall codes. */
  code: string;
  /** Sub-types (level 2, and level 3 where the standard has one). */
  children?: OutfallTypeNode[];
}

export const OUTFALL_TYPES: readonly OutfallTypeNode[] = [
  {
    key: 'industrial',
    name: '工业排污口',
    code: 'GY',
    children: [
      {
        key: 'industrial-enterprise',
        name: '工矿企业排污口',
        code: 'GK',
        children: [
          { key: 'industrial-enterprise-factory', name: '工业企业排污口', code: 'GQ' },
          { key: 'industrial-enterprise-mine', name: '矿山排污口', code: 'KS' },
          { key: 'industrial-enterprise-tailings', name: '尾矿库排污口', code: 'WK' },
        ],
      },
      { key: 'industrial-stormwater', name: '工矿企业雨洪排口', code: 'GH' },
      { key: 'industrial-park-wwtp', name: '工业及其他各类园区污水处理厂排污口', code: 'YQ' },
      { key: 'industrial-park-stormwater', name: '园区污水处理厂雨洪排口', code: 'YH' },
    ],
  },
  {
    key: 'municipal',
    name: '城镇污水处理厂排污口',
    code: 'CZ',
    children: [{ key: 'municipal-wwtp', name: '城镇污水处理厂排污口', code: 'CW' }],
  },
  {
    key: 'agricultural',
    name: '农业排口',
    code: 'NY',
    children: [
      { key: 'agricultural-livestock', name: '规模化畜禽养殖排污口', code: 'XQ' },
      { key: 'agricultural-aquaculture', name: '规模化水产养殖排污口', code: 'SC' },
    ],
  },
  {
    key: 'other',
    name: '其他排口',
    code: 'QT',
    children: [
      { key: 'other-irrigation', name: '大中型灌区排口', code: 'GG' },
      { key: 'other-port', name: '港口码头排口', code: 'GM' },
      { key: 'other-small-livestock', name: '规模以下畜禽养殖排污口', code: 'XX' },
      { key: 'other-small-aquaculture', name: '规模以下水产养殖排污口', code: 'XS' },
      { key: 'other-rural-wwtp', name: '农村污水处理设施排污口', code: 'NC' },
      { key: 'other-rural-scattered', name: '农村生活污水散排口', code: 'NS' },
      { key: 'other-urban-stormwater', name: '城镇雨洪排口', code: 'CY' },
      { key: 'other-urban-scattered', name: '城镇生活污水散排口', code: 'CS' },
      { key: 'other-other', name: '其他', code: 'QQ' },
    ],
  },
];

export type Level1Key = 'industrial' | 'municipal' | 'agricultural' | 'other';
export const LEVEL1_KEYS: readonly Level1Key[] = ['industrial', 'municipal', 'agricultural', 'other'];

/** A resolved place in the tree: level 1 is always known, level 2 when given. */
export interface ResolvedType {
  level1: OutfallTypeNode;
  level2?: OutfallTypeNode;
  level3?: OutfallTypeNode;
}

interface Indexed {
  node: OutfallTypeNode;
  path: OutfallTypeNode[];
}

const byName = new Map<string, Indexed[]>();
const byKey = new Map<string, Indexed>();
(function index(nodes: readonly OutfallTypeNode[], path: OutfallTypeNode[]) {
  for (const node of nodes) {
    const p = [...path, node];
    const entry = { node, path: p };
    byKey.set(node.key, entry);
    const list = byName.get(node.name) ?? [];
    list.push(entry);
    byName.set(node.name, list);
    if (node.children) index(node.children, p);
  }
})(OUTFALL_TYPES, []);

function toResolved(path: OutfallTypeNode[]): ResolvedType {
  const [level1, level2, level3] = path;
  return { level1: level1!, ...(level2 && { level2 }), ...(level3 && { level3 }) };
}

/**
 * Finds a type by its Chinese name at any level. Where a name occurs at two levels (城镇污水处理厂排污口
 * is both level 1 and its only level 2), the deepest match wins, so the record carries both levels.
 *
 * @example resolveTypeName('矿山排污口')?.level1.name // '工业排污口'
 */
export function resolveTypeName(name: string): ResolvedType | undefined {
  const hits = byName.get(name.trim());
  if (!hits?.length) return undefined;
  const deepest = hits.reduce((a, b) => (b.path.length > a.path.length ? b : a));
  return toResolved(deepest.path);
}

/** Finds a type by its stable key (`industrial-enterprise-mine`). */
export function resolveTypeKey(key: string): ResolvedType | undefined {
  const hit = byKey.get(key);
  return hit && toResolved(hit.path);
}

/** All names accepted by the importer, for error messages and documentation. */
export function allTypeNames(): string[] {
  return [...byName.keys()];
}

/** Level-2 nodes, flattened, each with its level-1 parent. */
export function level2Types(): { level1: OutfallTypeNode; level2: OutfallTypeNode }[] {
  return OUTFALL_TYPES.flatMap((level1) => (level1.children ?? []).map((level2) => ({ level1, level2 })));
}
