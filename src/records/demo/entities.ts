import type { County } from '../../kernel/geo/admin.ts';
import { shortName } from '../../kernel/geo/admin.ts';
import { CREDIT_CODE_CHARS, makeCreditCode } from './credit-code.ts';
import { CITY_INDUSTRIES, CITY_MINERALS, type CountyProfile, INDUSTRIES, ROAD_NAMES, TOWN_NAMES, TRADE_NAMES, VILLAGE_NAMES } from './places.ts';
import type { Rng } from './prng.ts';

/**
 * Responsible entities (责任主体) and place names of the demonstration data. Companies,
 * cooperatives and public institutions get a unified social credit code; local governments,
 * village committees and street offices are named without one, as the work plan makes the local
 * government responsible where no discharger can be traced.
 */

export interface Entity {
  name: string;
  creditCode?: string;
}

/**
 * One registry per generated dataset: the same company name always maps to the same entity and
 * credit code (a company with a works outfall and a stormwater outfall appears twice), and no two
 * entities share a credit code.
 */
export class EntityRegistry {
  private byName = new Map<string, Entity>();
  private codes = new Set<string>();

  /** The entity called `name`, created with a fresh credit code under `authority` + `areaCode` if new. */
  organisation(rng: Rng, name: string, authority: string, areaCode: string): Entity {
    const found = this.byName.get(name);
    if (found) return found;
    let code: string;
    do code = makeCreditCode(authority, areaCode, orgBody(rng));
    while (this.codes.has(code));
    this.codes.add(code);
    const entity = { name, creditCode: code };
    this.byName.set(name, entity);
    return entity;
  }

  /** A government body or village committee: no credit code in the published record. */
  government(name: string): Entity {
    const found = this.byName.get(name);
    if (found) return found;
    const entity = { name };
    this.byName.set(name, entity);
    return entity;
  }
}

/** First 8 characters of an organisation code: old style (8 digits) or post-2015 style (MA…). */
function orgBody(rng: Rng): string {
  if (rng.chance(0.45)) {
    let s = String(1 + rng.int(9));
    for (let i = 1; i < 8; i++) s += String(rng.int(10));
    return s;
  }
  let s = 'MA';
  for (let i = 2; i < 8; i++) s += CREDIT_CODE_CHARS[rng.int(CREDIT_CODE_CHARS.length)];
  return s;
}

const CHINESE_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** 1 → 一, 12 → 十二, 20 → 二十 (up to 99). */
export function chineseOrdinal(n: number): string {
  if (n <= 10) return CHINESE_ORDINALS[n - 1]!;
  const tens = Math.floor(n / 10),
    ones = n % 10;
  return `${tens > 1 ? CHINESE_ORDINALS[tens - 1] : ''}十${ones ? CHINESE_ORDINALS[ones - 1] : ''}`;
}

/** The names one county's outfalls draw on: towns and their villages, roads, street offices. */
export class CountyPlaces {
  readonly county: County;
  readonly profile: CountyProfile;
  readonly countyShort: string;
  readonly cityShort: string;
  readonly towns: string[];
  private rng: Rng;
  private villages = new Map<string, string[]>();

  constructor(county: County, profile: CountyProfile, rng: Rng) {
    this.county = county;
    this.profile = profile;
    this.rng = rng;
    this.countyShort = shortName(county.name);
    this.cityShort = shortName(county.cityName);
    const n = profile.kind === 'core' ? 4 + rng.int(4) : 8 + rng.int(9);
    const names = rng.shuffle(TOWN_NAMES).slice(0, n);
    // City districts are divided into street offices and a few towns; counties into towns and townships.
    this.towns = names.map((t) => `${t}${profile.kind === 'core' ? '镇' : rng.chance(0.8) ? '镇' : '乡'}`);
  }

  town(): string {
    return this.rng.pick(this.towns);
  }

  /** A village of `town` (each town has its own 5–12 villages). */
  village(town: string): string {
    let list = this.villages.get(town);
    if (!list) {
      list = this.rng
        .shuffle(VILLAGE_NAMES)
        .slice(0, 5 + this.rng.int(8))
        .map((v) => `${v}村`);
      this.villages.set(town, list);
    }
    return this.rng.pick(list);
  }

  road(): string {
    return `${this.rng.pick(ROAD_NAMES)}${this.rng.weighted(['路', '街', '大街', '大路'] as const, (s) => (s === '路' ? 4 : s === '街' ? 3 : 2))}`;
  }

  street(): string {
    return `${this.rng.pick(ROAD_NAMES)}街道`;
  }

  /** Prefix of a company name: the province, the city or (outside city districts) the county. */
  companyPrefix(): string {
    const r = this.rng.next();
    if (r < 0.2) return '吉林省';
    if (this.profile.kind === 'core' || r < 0.55) return this.rng.chance(0.5) || this.cityShort === '延边' ? this.cityShort : `${this.cityShort}市`;
    return this.countyShort;
  }

  industry(): string {
    const special = CITY_INDUSTRIES[this.county.cityAdcode] ?? [];
    return this.rng.chance(special.length ? 0.35 : 0) ? this.rng.pick(special) : this.rng.pick(INDUSTRIES);
  }

  mineral(): string {
    return this.rng.pick(CITY_MINERALS[this.county.cityAdcode] ?? ['砂石']);
  }

  trade(): string {
    return this.rng.pick(TRADE_NAMES);
  }

  companyForm(): string {
    return this.rng.weighted(['有限公司', '有限责任公司', '股份有限公司'] as const, (f) => (f === '有限公司' ? 7 : f === '有限责任公司' ? 2 : 1));
  }

  /** Full name of the county's own government departments, e.g. 长春市南关区住房和城乡建设局. */
  countyGov(): string {
    return this.profile.kind === 'core' || this.profile.kind === 'suburban' ? `${this.county.cityName}${this.county.name}` : this.county.name;
  }
}
