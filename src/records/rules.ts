import type { OutfallRecord } from './schema.ts';

/**
 * The work plan's own rules (吉林省入河排污口排查整治工作方案, data/plan/), as data: each
 * with a stable id, the plan's sentence it comes from (verbatim), a severity and the check over
 * one published record. The importer runs them on every row (src/records/import/importer.ts) and
 * reports a broken rule like any other problem (row, column, value, the plan's words);
 * `npm run import -- --rules` lists them; the demonstration generator obeys them (a test checks).
 */
export interface PlanRule {
  /** Stable id, also the import problem's code. */
  id: 'rule_stormwater_merged_or_closed' | 'rule_removed_but_retained';
  severity: 'error' | 'warning';
  /** The plan's sentence the rule comes from, verbatim. */
  source: string;
  /** The column the problem is shown at (src/records/import/columns.ts). */
  column: 'remediationRoute' | 'retained';
  /** The offending value when the record breaks the rule, otherwise undefined. */
  check(record: OutfallRecord): string | undefined;
}

/** 城镇雨洪排口 (HJ 1235-2021 code CY) at level 2 or 3. */
const URBAN_STORMWATER = '城镇雨洪排口';

export const PLAN_RULES: readonly PlanRule[] = [
  {
    id: 'rule_stormwater_merged_or_closed',
    severity: 'error',
    source: '开展城镇雨洪排口旱天污水直排的溯源治理，加大对借道排污等行为的监督管理力度，严禁合并、封堵城镇雨洪排口，防止影响汛期排水防涝安全。',
    column: 'remediationRoute',
    check: (r) =>
      (r.type.level2 === URBAN_STORMWATER || r.type.level3 === URBAN_STORMWATER) && (r.remediation.route === '清理合并' || r.remediation.route === '依法取缔')
        ? r.remediation.route
        : undefined,
  },
  {
    id: 'rule_removed_but_retained',
    severity: 'error',
    source: '各市州建立排污口整治销号制度，最终形成需要保留的排污口清单。',
    column: 'retained',
    check: (r) => (r.retained && (r.remediation.route === '清理合并' || r.remediation.route === '依法取缔') ? '是' : undefined),
  },
];

/** The rules a record breaks. */
export function brokenRules(record: OutfallRecord): { rule: PlanRule; value: string }[] {
  return PLAN_RULES.flatMap((rule) => {
    const value = rule.check(record);
    return value === undefined ? [] : [{ rule, value }];
  });
}
