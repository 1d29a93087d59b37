import { createHash } from 'node:crypto';
import { allCounties, type County } from '../../kernel/geo/admin.ts';
import { countyLookup } from '../../kernel/geo/county-lookup.ts';
import { type ResolvedType, resolveTypeKey } from '../classification.ts';
import type { DischargeChannel, DischargeMode, OutfallRecord, RemediationRoute, RemediationStatus } from '../schema.ts';
import { waterSystemOf } from '../water-systems.ts';
import { CountyPlaces, chineseOrdinal, type Entity, EntityRegistry } from './entities.ts';
import { CITY_PROFILES, type CityProfile, COUNTY_PROFILES, FUNCTION_ZONES } from './places.ts';
import { createRng, type Rng } from './prng.ts';
import { ROUTE_ORDER, TYPE_PROFILE_BY_KEY, TYPE_PROFILES, type TypeProfile } from './type-profiles.ts';
import { type CountyWaters, demoWaters, inLake, M_PER_DEG, type WaterSite } from './waters.ts';

/**
 * The demonstration dataset: a deterministic, seeded set of outfall records for Jilin that looks
 * like a province's published ledger. Outfalls of every HJ 1312 type sit within 50–300 m of the
 * real rivers and lake shores of the bundled layers (or 20–150 m of a county's small local river,
 * see waters.ts) inside the county that contains them; the number per county follows population;
 * names follow the habit receiving water + place + responsible entity + type; codes follow the
 * HJ 1235 layout; remediation progress differs by city (places.ts CITY_PROFILES).
 *
 * Same seed and count → byte-identical output (sfc32, no Math.random, no clock).
 */

/** Bump when the generator's output changes, so that `data:prepare` refreshes a published demo dataset. */
export const DEMO_GENERATOR_VERSION = 1;
/** Seed of the dataset `npm start` publishes on first run. */
export const DEFAULT_DEMO_SEED = '2025';
/** Size of the default dataset (about the size of the province's real ledger). */
export const DEFAULT_DEMO_COUNT = 2500;
/** Largest supported count (4-digit sequence numbers per county and type stay below 10,000). */
export const MAX_DEMO_COUNT = 100_000;
/** The date the demonstration data speaks for: no date in it is later. */
export const DEMO_AS_OF = '2025-06-30';

export interface DemoOptions {
  /** Any string or integer (default DEFAULT_DEMO_SEED). */
  seed?: string | number;
  /** Number of records, 1…MAX_DEMO_COUNT (default DEFAULT_DEMO_COUNT). */
  count?: number;
}

/** The `source` recorded for a published demo dataset, e.g. `demo:2025:2500`. */
export function demoSource(seed: string | number, count: number): string {
  return `demo:${seed}:${count}`;
}

/** The dataset's `sourceSha256` for demo data: a digest of the generator version and its parameters. */
export function demoSourceSha256(seed: string | number, count: number): string {
  return createHash('sha256').update(`jilin-outfalls-demo/v${DEMO_GENERATOR_VERSION}:${seed}:${count}`).digest('hex');
}

// ─── dates ──────────────────────────────────────────────────────────────────────────────────────
const DAY_MS = 86_400_000;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const isoDays = new Map<number, string>();
const isoDay = (d: number) => {
  let s = isoDays.get(d);
  if (!s) {
    s = new Date(d * DAY_MS).toISOString().slice(0, 10);
    isoDays.set(d, s);
  }
  return s;
};
const AS_OF = day(DEMO_AS_OF);
const randomDay = (rng: Rng, from: string | number, to: number = AS_OF) => {
  const a = typeof from === 'number' ? from : day(from);
  return a >= to ? to : a + rng.int(to - a + 1);
};

// ─── helpers ────────────────────────────────────────────────────────────────────────────────────
/** Largest-remainder apportionment of `total` by `weights` (deterministic tie-break by index). */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (total * w) / sum);
  const out = raw.map(Math.floor);
  const left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; k < left; k++) out[order[k]![1]]!++;
  return out;
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
const pick2 = <T>(rng: Rng, table: readonly (readonly [T, number])[]): T => rng.weighted(table, (e) => e[1])[0];
const stripTown = (town: string) => town.replace(/[镇乡]$/u, '');

// ─── placement ──────────────────────────────────────────────────────────────────────────────────
function chooseSite(waters: CountyWaters, tp: TypeProfile, rng: Rng): WaterSite {
  if (tp.key === 'other-port') {
    const big = waters.bundled.filter((s) => s.big);
    if (big.length) return rng.weighted(big, (s) => (s.lengthM / 1000) ** 0.6);
  }
  const base = (s: WaterSite) => (s.lengthM / 1000) ** 0.6;
  const bundledBase = waters.bundled.reduce((a, s) => a + base(s), 0);
  // A quarter of a county's outfalls sit on its small local rivers (all of them where the bundled
  // layer has no river in the county): most real outfalls are on small rivers, but the demo should
  // show the named ones.
  const localWeight = waters.bundled.length ? (bundledBase * 0.25) / 0.75 / waters.local.length : 1;
  const sites = [...waters.bundled, ...waters.local];
  return rng.weighted(sites, (s) => (s.kind === 'stream' ? localWeight : base(s) * (s.kind === 'lake' ? tp.lakeAffinity : 1)));
}

/** A point 50–300 m (local rivers 20–150 m) beside a length-weighted random spot of the site, in the county. */
function pointBeside(site: WaterSite, rng: Rng, adcode: string): [number, number] | undefined {
  const lookup = countyLookup();
  for (let attempt = 0; attempt < 12; attempt++) {
    const r = rng.next() * site.lengthM;
    let lo = 0,
      hi = site.cumLength.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (site.cumLength[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    const o = lo * 4;
    const ax = site.segments[o]!,
      ay = site.segments[o + 1]!,
      bx = site.segments[o + 2]!,
      by = site.segments[o + 3]!;
    const t = rng.next();
    const x = ax + t * (bx - ax),
      y = ay + t * (by - ay);
    const kx = M_PER_DEG * Math.cos((y * Math.PI) / 180);
    const dx = (bx - ax) * kx,
      dy = (by - ay) * M_PER_DEG;
    const len = Math.hypot(dx, dy);
    // Right of the direction of travel; lake shells run counter-clockwise, so that is the shore side.
    const side = site.kind === 'lake' ? 1 : rng.chance(0.5) ? 1 : -1;
    const d = site.kind === 'stream' ? rng.range(20, 150) : rng.range(50, 300);
    const lng = round6(x + (side * (dy / len) * d) / kx);
    const lat = round6(y - (side * (dx / len) * d) / M_PER_DEG);
    if (lookup.countyAt(lng, lat)?.adcode !== adcode) continue;
    if (site.kind === 'lake' && inLake(site, lng, lat)) continue;
    return [lng, lat];
  }
  return undefined;
}

// ─── per-county context ─────────────────────────────────────────────────────────────────────────
interface Park {
  name: string;
  operator: Entity;
  committee: Entity;
}

class CountyContext {
  readonly county: County;
  readonly places: CountyPlaces;
  readonly city: CityProfile;
  readonly waters: CountyWaters;
  readonly rng: Rng;
  readonly factories: Entity[] = [];
  readonly parks: Park[] = [];
  readonly irrigationDistricts: string[] = [];
  drainage?: Entity;
  plantCount = 0;
  readonly seq = new Map<string, number>();

  constructor(county: County, seed: string) {
    this.county = county;
    const profile = COUNTY_PROFILES[county.adcode];
    const city = CITY_PROFILES[county.cityAdcode];
    if (!profile || !city) throw new Error(`demo data has no profile for ${county.adcode} ${county.name}`);
    this.city = city;
    this.rng = createRng(`${seed}:${county.adcode}`);
    this.places = new CountyPlaces(county, profile, this.rng);
    this.waters = demoWaters().get(county.adcode)!;
  }

  get isDistrict(): boolean {
    return this.county.name.endsWith('区');
  }
}

/** State shared by all counties of one generation run. */
class Run {
  readonly registry = new EntityRegistry();
  readonly names = new Map<string, number>();
  readonly cityDrainage = new Map<string, Entity>();
  readonly cityPlants = new Map<string, number>();
  readonly seed: string;
  constructor(seed: string) {
    this.seed = seed;
  }

  /** `stem + suffix`, or `stem + N号 + suffix` when that name is taken (a second outfall of the same works). */
  uniqueName(stem: string, suffix: string): string {
    const base = stem + suffix;
    const n = (this.names.get(base) ?? 0) + 1;
    this.names.set(base, n);
    if (n === 1) return base;
    for (let k = n; ; k++) {
      const numbered = `${stem}${k}号${suffix}`;
      if (!this.names.has(numbered)) {
        this.names.set(numbered, 1);
        return numbered;
      }
    }
  }

  /** The operator of municipal treatment plants: one per city for its districts, one per county otherwise. */
  drainage(ctx: CountyContext): Entity {
    const { county, places } = ctx;
    if (ctx.isDistrict) {
      let e = this.cityDrainage.get(county.cityAdcode);
      if (!e) {
        const rng = createRng(`${this.seed}:${county.cityAdcode}:drainage`);
        const name =
          county.cityAdcode === '220100' || rng.chance(0.5)
            ? `${county.cityName}城市排水有限责任公司`
            : `${county.cityName}${rng.pick(['水务集团有限公司', '排水有限责任公司'])}`;
        e = this.registry.organisation(rng, name, '91', county.cityAdcode);
        this.cityDrainage.set(county.cityAdcode, e);
      }
      return e;
    }
    ctx.drainage ??= this.registry.organisation(
      ctx.rng,
      `${county.name}${ctx.rng.pick(['城市排水有限责任公司', `${places.trade()}水务有限公司`, '污水处理有限公司'])}`,
      '91',
      county.adcode,
    );
    return ctx.drainage;
  }

  plantName(ctx: CountyContext): string {
    if (ctx.isDistrict) {
      const n = (this.cityPlants.get(ctx.county.cityAdcode) ?? 0) + 1;
      this.cityPlants.set(ctx.county.cityAdcode, n);
      return `第${chineseOrdinal(Math.min(n, 99))}污水处理厂`;
    }
    const n = ++ctx.plantCount;
    if (n === 1) return '城区污水处理厂';
    if (n <= 5) return `${['城东', '城西', '城南', '城北'][n - 2]}污水处理厂`;
    return `${stripTown(ctx.places.town())}污水处理厂`;
  }

  park(ctx: CountyContext): Park {
    const { places, rng, county } = ctx;
    const max = county.name.endsWith('区') && places.profile.kind === 'core' ? 2 : 1;
    if (ctx.parks.length < max && (ctx.parks.length === 0 || rng.chance(0.4))) {
      const kinds = ['经济开发区', '工业集中区', '工业园区', '高新技术产业园区'].filter((k) => !ctx.parks.some((p) => p.name.endsWith(k)));
      const name = `${places.countyShort}${rng.pick(kinds)}`;
      ctx.parks.push({
        name,
        operator: this.registry.organisation(
          rng,
          `${places.countyShort}${places.trade()}${rng.pick(['环保科技', '水务', '水处理'])}有限公司`,
          '91',
          county.adcode,
        ),
        committee: this.registry.government(`${name}管理委员会`),
      });
    }
    return rng.pick(ctx.parks);
  }

  irrigationDistrict(ctx: CountyContext): string {
    const { places, rng } = ctx;
    if (!ctx.irrigationDistricts.length || (ctx.irrigationDistricts.length < 3 && rng.chance(0.25))) {
      const name = ctx.irrigationDistricts.length ? `${stripTown(places.town())}灌区` : `${places.countyShort}灌区`;
      if (!ctx.irrigationDistricts.includes(name)) ctx.irrigationDistricts.push(name);
    }
    return rng.pick(ctx.irrigationDistricts);
  }
}

// ─── one outfall ────────────────────────────────────────────────────────────────────────────────
interface Draft {
  ctx: CountyContext;
  tp: TypeProfile;
  type: ResolvedType;
  site: WaterSite;
  lng: number;
  lat: number;
  name: string;
  code: string;
  entity: Entity;
  route: RemediationRoute;
  mode: DischargeMode;
  channel: DischargeChannel;
  status?: RemediationStatus;
  undecided?: boolean;
}

/** Name parts and responsible entity for one outfall of type `tp` on `site`. */
function describe(run: Run, ctx: CountyContext, tp: TypeProfile, type: ResolvedType, site: WaterSite): { entity: Entity; stem: string; suffix: string } {
  const { places, rng, county } = ctx;
  const reg = run.registry;
  const at = `${site.name}${county.name}`;
  const company = (body: string) => reg.organisation(rng, `${places.companyPrefix()}${places.trade()}${body}${places.companyForm()}`, '91', county.adcode);
  switch (tp.key) {
    case 'industrial-enterprise': {
      const level3 = type.level3?.key;
      if (level3 === 'industrial-enterprise-mine' || level3 === 'industrial-enterprise-tailings') {
        const entity = company('矿业');
        if (level3 === 'industrial-enterprise-mine')
          return { entity, stem: `${at}${entity.name}${stripTown(places.town())}${places.mineral()}矿`, suffix: '矿井水排污口' };
        return { entity, stem: `${at}${entity.name}${stripTown(places.village(places.town())).replace(/村$/u, '')}`, suffix: '尾矿库排污口' };
      }
      const entity = company(places.industry());
      ctx.factories.push(entity);
      return { entity, stem: `${at}${entity.name}`, suffix: rng.chance(0.7) ? '排污口' : '废水排污口' };
    }
    case 'industrial-stormwater': {
      const entity = ctx.factories.length && rng.chance(0.6) ? rng.pick(ctx.factories) : company(places.industry());
      return { entity, stem: `${at}${entity.name}`, suffix: '雨水排口' };
    }
    case 'industrial-park-wwtp': {
      const park = run.park(ctx);
      return { entity: park.operator, stem: `${at}${park.name}`, suffix: '污水处理厂排污口' };
    }
    case 'industrial-park-stormwater': {
      const park = run.park(ctx);
      return { entity: park.committee, stem: `${at}${park.name}${places.road()}`, suffix: '雨水排口' };
    }
    case 'municipal-wwtp': {
      const entity = run.drainage(ctx);
      return { entity, stem: `${at}${entity.name}${run.plantName(ctx)}`, suffix: '排污口' };
    }
    case 'agricultural-livestock': {
      const town = places.town();
      const entity = rng.chance(0.6)
        ? reg.organisation(rng, `${places.countyShort}${places.trade()}${rng.pick(['牧业', '畜牧', '禽业', '养殖'])}有限公司`, '91', county.adcode)
        : reg.organisation(rng, `${county.name}${town}${places.trade()}养殖专业合作社`, '93', county.adcode);
      return { entity, stem: entity.creditCode?.startsWith('93') ? `${site.name}${entity.name}` : `${at}${town}${entity.name}`, suffix: '养殖场排污口' };
    }
    case 'agricultural-aquaculture': {
      const town = places.town();
      const entity = rng.chance(0.5)
        ? reg.organisation(rng, `${places.countyShort}${places.trade()}渔业有限公司`, '91', county.adcode)
        : reg.organisation(rng, `${county.name}${town}${places.trade()}水产养殖专业合作社`, '93', county.adcode);
      return { entity, stem: entity.creditCode?.startsWith('93') ? `${site.name}${entity.name}` : `${at}${town}${entity.name}`, suffix: '养殖尾水排口' };
    }
    case 'other-irrigation': {
      const district = run.irrigationDistrict(ctx);
      const entity = reg.organisation(rng, `${county.name}${district}管理站`, '12', county.adcode);
      return { entity, stem: `${at}${district}`, suffix: '退水口' };
    }
    case 'other-port': {
      const entity = reg.organisation(
        rng,
        `${places.companyPrefix()}${places.trade()}${rng.pick(['港务', '航运'])}${places.companyForm()}`,
        '91',
        county.adcode,
      );
      return { entity, stem: `${at}${entity.name}${stripTown(places.town())}码头`, suffix: '排口' };
    }
    case 'other-small-livestock':
    case 'other-small-aquaculture':
    case 'other-rural-scattered':
    case 'other-rural-wwtp': {
      const town = places.town();
      const village = places.village(town);
      const entity =
        tp.key === 'other-rural-wwtp' || (tp.key === 'other-rural-scattered' && rng.chance(0.4))
          ? reg.government(`${places.countyGov()}${town}人民政府`)
          : reg.government(`${places.countyGov()}${town}${village}村民委员会`);
      const suffix = {
        'other-small-livestock': '养殖户排污口',
        'other-small-aquaculture': '鱼塘排水口',
        'other-rural-scattered': '生活污水散排口',
        'other-rural-wwtp': '污水处理站排污口',
      }[tp.key];
      return { entity, stem: `${at}${town}${village}`, suffix };
    }
    case 'other-urban-stormwater': {
      const entity = rng.chance(0.55) ? reg.government(`${places.countyGov()}住房和城乡建设局`) : run.drainage(ctx);
      return { entity, stem: `${at}${places.road()}`, suffix: '雨洪排口' };
    }
    case 'other-urban-scattered': {
      const entity =
        places.profile.kind === 'rural'
          ? reg.government(`${places.countyGov()}${places.town()}人民政府`)
          : reg.government(`${places.countyGov()}${places.street()}办事处`);
      return { entity, stem: `${at}${places.road()}`, suffix: '生活污水散排口' };
    }
    default: {
      const kind = rng.pick(['carwash', 'hotel', 'hospital', 'construction', 'school', 'market'] as const);
      const entity =
        kind === 'carwash'
          ? reg.organisation(rng, `${places.countyShort}${places.trade()}洗车行`, '92', county.adcode)
          : kind === 'hotel'
            ? reg.organisation(rng, `${places.countyShort}${places.trade()}宾馆`, '92', county.adcode)
            : kind === 'market'
              ? reg.organisation(rng, `${places.countyShort}${places.trade()}农贸市场`, '92', county.adcode)
              : kind === 'hospital'
                ? reg.organisation(rng, `${places.countyGov()}${rng.pick(['人民医院', '中医院', '妇幼保健院'])}`, '12', county.adcode)
                : kind === 'school'
                  ? reg.organisation(rng, `${places.countyGov()}第${chineseOrdinal(1 + rng.int(6))}中学`, '12', county.adcode)
                  : company('建筑工程');
      return { entity, stem: `${at}${entity.name}`, suffix: kind === 'construction' ? '施工排水口' : '排口' };
    }
  }
}

function resolveType(tp: TypeProfile, ctx: CountyContext): ResolvedType {
  if (tp.key !== 'industrial-enterprise') return resolveTypeKey(tp.key)!;
  const mining = ctx.places.profile.mining;
  const r = ctx.rng.next();
  const level3 = mining ? (r < 0.55 ? 'factory' : r < 0.9 ? 'mine' : 'tailings') : r < 0.92 ? 'factory' : 'mine';
  return resolveTypeKey(`industrial-enterprise-${level3}`)!;
}

function draftOutfall(run: Run, ctx: CountyContext, tp: TypeProfile): Draft {
  const { rng, county } = ctx;
  const type = resolveType(tp, ctx);
  let site = chooseSite(ctx.waters, tp, rng);
  let point = pointBeside(site, rng, county.adcode);
  // A stretch hugging the county edge can fail repeatedly: fall back to a local river.
  for (let i = 0; !point && i < 20; i++) {
    site = rng.pick(ctx.waters.local);
    point = pointBeside(site, rng, county.adcode);
  }
  if (!point) throw new Error(`demo: could not place an outfall in ${county.name}`);
  const described = describe(run, ctx, tp, type, site);
  const { entity, suffix } = described;
  // 大安市 + 大安市城市排水有限责任公司 reads twice: keep the place once when the entity starts with it.
  const stem = described.stem.replace(`${county.name}${county.name}`, county.name);
  const typeCode = type.level2!.code;
  const seq = (ctx.seq.get(typeCode) ?? 0) + 1;
  if (seq > 9999) throw new Error(`demo: more than 9999 ${type.level2!.name} in ${county.name}`);
  ctx.seq.set(typeCode, seq);
  return {
    ctx,
    tp,
    type,
    site,
    lng: point[0],
    lat: point[1],
    name: run.uniqueName(stem, suffix),
    code: `${site.code}${county.adcode}${typeCode}${String(seq).padStart(4, '0')}`,
    entity,
    route: rng.weighted(ROUTE_ORDER, (r) => tp.routes[ROUTE_ORDER.indexOf(r)]!),
    mode: pick2(rng, tp.modes),
    channel: pick2(rng, tp.channels),
  };
}

// ─── planning ───────────────────────────────────────────────────────────────────────────────────
function typeWeight(tp: TypeProfile, ctx: CountyContext): number {
  const profile = ctx.places.profile;
  let w = tp.weight[profile.kind];
  if (tp.key === 'other-port' && !ctx.waters.bundled.some((s) => s.big)) return 0;
  if (tp.key === 'other-irrigation' && profile.irrigation) w *= 3;
  if ((tp.key === 'agricultural-aquaculture' || tp.key === 'other-small-aquaculture') && ctx.waters.bundled.some((s) => s.kind === 'lake')) w *= 1.5;
  if (tp.key === 'industrial-enterprise' && profile.mining) w *= 1.3;
  return w;
}

/** How many outfalls of which type each county gets. */
function plan(contexts: CountyContext[], count: number, seed: string): string[][] {
  const quotas = apportion(
    count,
    contexts.map((c) => c.places.profile.pop),
  );
  // Every county gets at least one outfall when there are enough to go round.
  if (count >= contexts.length) {
    for (let i = 0; i < quotas.length; i++) {
      if (quotas[i]! > 0) continue;
      const donor = quotas.indexOf(Math.max(...quotas));
      quotas[donor]!--;
      quotas[i] = 1;
    }
  }
  const scale = Math.max(1, Math.round(count / DEFAULT_DEMO_COUNT));
  const plans = contexts.map((ctx, i) => {
    // One or two municipal plants per county at the default size (districts share the city's plants).
    const n = quotas[i]! >= 6 ? (ctx.places.profile.pop >= 50 ? 2 : 1) * scale : 0;
    return Array.from({ length: Math.min(n, quotas[i]!) }, () => 'municipal-wwtp');
  });
  const sampled = TYPE_PROFILES.filter((tp) => tp.key !== 'municipal-wwtp');
  // Reserve one outfall of every level-2 type, so that even a small dataset shows the whole tree.
  if (count >= 200) {
    const rng = createRng(`${seed}:plan`);
    for (const tp of sampled) {
      const free = contexts.map((ctx, i) => (quotas[i]! - plans[i]!.length) * typeWeight(tp, ctx));
      const i = rng.weighted(
        contexts.map((_, k) => k),
        (k) => free[k]!,
      );
      plans[i]!.push(tp.key);
    }
  }
  contexts.forEach((ctx, i) => {
    while (plans[i]!.length < quotas[i]!) plans[i]!.push(ctx.rng.weighted(sampled, (tp) => typeWeight(tp, ctx)).key);
  });
  return plans;
}

// ─── remediation, approvals, monitoring ─────────────────────────────────────────────────────────
const STATUSES_DONE_FIRST: readonly RemediationStatus[] = ['已销号', '已完成', '整治中', '待整治'];

/**
 * Assigns statuses city by city in exactly the city's shares (CITY_PROFILES.statusShares), so the
 * progress ordering between cities holds for any seed. Outfalls on 2023 priority waters and
 * municipal plants are a little more likely to be among the finished ones.
 */
function assignStatuses(drafts: Draft[], city: CityProfile, rng: Rng): void {
  const shares = STATUSES_DONE_FIRST.map((s) => city.statusShares[s]);
  const counts = apportion(drafts.length, shares);
  const keyed = drafts.map((d, i) => ({ d, i, key: rng.next() + (d.site.priority ? 0.25 : 0) + (d.tp.key === 'municipal-wwtp' ? 0.15 : 0) }));
  keyed.sort((a, b) => b.key - a.key || a.i - b.i);
  let k = 0;
  STATUSES_DONE_FIRST.forEach((status, s) => {
    for (let n = 0; n < counts[s]!; n++) keyed[k++]!.d.status = status;
  });
  // About a third of the outfalls still waiting have no route decided yet.
  for (const d of drafts) if (d.status === '待整治' && rng.chance(0.3)) d.undecided = true;
}

function deadline(d: Draft, city: CityProfile, rng: Rng): string {
  if (d.site.priority) return rng.chance(0.3) ? '2023-06-30' : '2023-12-31';
  const lag = city.deadlineLag;
  const options = ['2024-06-30', '2024-12-31', '2025-06-30', '2025-12-31'] as const;
  const weights = [1.2 - lag, 1, 0.5 + lag, 0.2 + lag * 1.2];
  return rng.weighted(options, (o) => weights[options.indexOf(o)]!);
}

function formatValue(v: number, digits: number): string {
  return digits === 0 ? String(Math.round(v)) : v.toFixed(digits);
}

function monitoringResult(tp: TypeProfile, exceeded: boolean, rng: Rng): string {
  if (!exceeded) return '达标';
  const p = rng.pick(tp.limits);
  if (p.name === 'pH值') {
    const v = rng.chance(0.7) ? rng.range(9.2, 10.8) : rng.range(4.2, 5.8);
    return `超标（pH值 ${v.toFixed(1)}，标准 6～9）`;
  }
  return `超标（${p.name} ${formatValue(p.limit * rng.range(1.1, 3.2), p.digits)} ${p.unit}，标准限值 ${p.limit} ${p.unit}）`;
}

interface Approval {
  filing: boolean;
  day: number;
  code: string;
}

/** A draft with everything that depends on its status settled; the approval number comes last. */
interface Settled {
  d: Draft;
  route?: RemediationRoute;
  deadline?: string;
  retained: boolean;
  signboard: boolean;
  approval?: Approval;
  monitoring?: { date: string; result: string };
  updatedAt: string;
}

function settle(d: Draft, rng: Rng): Settled {
  const { ctx, tp } = d;
  const city = ctx.city;
  const status = d.status!;
  const route = d.undecided ? undefined : d.route;
  const done = status === '已完成' || status === '已销号';
  const retained = route === '规范整治';
  const signboardChance = retained
    ? { 已销号: 0.97, 已完成: 0.9, 整治中: 0.55, 待整治: 0.2 }[status]
    : route === '清理合并' && !done
      ? 0.1
      : route === undefined
        ? 0.05
        : 0;
  const signboard = rng.chance(signboardChance);

  let updated = randomDay(rng, { 已销号: '2023-06-01', 已完成: '2023-03-01', 整治中: '2024-01-01', 待整治: '2023-01-01' }[status]);

  let approval: Approval | undefined;
  if (retained && rng.chance(tp.approvalShare * (done ? 1 : 0.6))) {
    approval = { filing: !rng.chance(tp.approvalNotFiling), day: randomDay(rng, '2022-06-01'), code: d.code };
    updated = Math.max(updated, approval.day);
  }

  // Closed or merged outfalls no longer discharge: no new monitoring.
  const discharging = !(done && (route === '依法取缔' || route === '清理合并'));
  let monitoring: Settled['monitoring'];
  if (discharging && rng.chance(tp.monitoringShare)) {
    const statusFactor = done ? 0.5 : status === '待整治' ? 1.5 : 1;
    const mDay = randomDay(rng, '2024-03-01');
    monitoring = { date: isoDay(mDay), result: monitoringResult(tp, rng.chance(city.exceedRate * tp.exceedFactor * statusFactor), rng) };
    updated = Math.max(updated, mDay);
  }
  return {
    d,
    ...(route && { route, deadline: deadline(d, city, rng) }),
    retained,
    signboard,
    ...(approval && { approval }),
    ...(monitoring && { monitoring }),
    updatedAt: isoDay(updated),
  };
}

/** The published record, fields in schema order (the order of the disclosure page). */
function toRecord(s: Settled, approval: { number: string; date: string } | undefined): OutfallRecord {
  const { d } = s;
  const { ctx } = d;
  return {
    code: d.code,
    name: d.name,
    type: {
      level1Key: d.type.level1.key as OutfallRecord['type']['level1Key'],
      level1: d.type.level1.name,
      ...(d.type.level2 && { level2: d.type.level2.name }),
      ...(d.type.level3 && { level3: d.type.level3.name }),
    },
    cityAdcode: ctx.county.cityAdcode,
    cityName: ctx.county.cityName,
    countyAdcode: ctx.county.adcode,
    countyName: ctx.county.name,
    lng: d.lng,
    lat: d.lat,
    receivingWater: { name: d.site.name, ...functionZone(d.site, ctx), ...systemOf(d.site.name, ctx.county.adcode) },
    dischargeMode: d.mode,
    dischargeChannel: d.channel,
    responsibleEntity: { name: d.entity.name, ...(d.entity.creditCode && { creditCode: d.entity.creditCode }) },
    supervisor: supervisor(ctx),
    ...(approval && { approval }),
    remediation: { ...(s.route && { route: s.route }), status: d.status!, ...(s.deadline && { deadline: s.deadline }) },
    retained: s.retained,
    signboard: s.signboard,
    ...(s.monitoring && { monitoring: s.monitoring }),
    updatedAt: s.updatedAt,
  };
}

/** The 水系 and 流域 of a demo water, by its name or its county (water-systems.ts). */
function systemOf(water: string, countyAdcode: string): Pick<OutfallRecord['receivingWater'], 'system' | 'basin'> {
  const m = waterSystemOf(water, countyAdcode);
  return m ? { system: m.system, basin: m.basin } : {};
}

const zoneCache = new Map<string, { functionZone?: string; qualityTarget?: string }>();
/** Water-function zone and quality target of a water in a county: fixed per (county, water), seed-independent. */
function functionZone(site: WaterSite, ctx: CountyContext): { functionZone?: string; qualityTarget?: string } {
  const key = `${ctx.county.adcode}:${site.name}`;
  let z = zoneCache.get(key);
  if (!z) {
    const rng = createRng(`zone:${key}`);
    if (site.kind === 'stream') {
      z = rng.chance(0.5) ? { qualityTarget: rng.chance(0.6) ? 'Ⅳ类' : 'Ⅴ类' } : {};
    } else {
      const zone = rng.chance(0.7) ? `${site.name}${ctx.places.countyShort}${rng.pick(FUNCTION_ZONES[ctx.places.profile.kind])}` : undefined;
      z = { ...(zone && { functionZone: zone }), ...(site.qualityTarget && { qualityTarget: site.qualityTarget }) };
    }
    zoneCache.set(key, z);
  }
  return z;
}

const phoneCache = new Map<string, string>();
/** The county bureau and its public phone (fixed per county, seed-independent). */
function supervisor(ctx: CountyContext): { name: string; phone: string } {
  const { county, city } = ctx;
  let phone = phoneCache.get(county.adcode);
  if (!phone) {
    const rng = createRng(`phone:${county.adcode}`);
    let local = String(city.phoneDigits === 8 ? 8 : 2 + rng.int(7));
    while (local.length < city.phoneDigits) local += String(rng.int(10));
    phone = `${city.areaCode}-${local}`;
    phoneCache.set(county.adcode, phone);
  }
  return { name: `${county.cityName}生态环境局${county.name}分局`, phone };
}

/** Numbers approvals and filings per city and year in date order, e.g. 长环审〔2023〕12号, 长环排备〔2024〕3号. */
function numberApprovals(approvals: Approval[], city: CityProfile, rng: Rng): Map<Approval, { number: string; date: string }> {
  const out = new Map<Approval, { number: string; date: string }>();
  const sorted = [...approvals].sort((a, b) => a.day - b.day || (a.code < b.code ? -1 : 1));
  const counters = new Map<string, number>();
  for (const a of sorted) {
    const date = isoDay(a.day);
    const year = date.slice(0, 4);
    const key = `${a.filing}:${year}`;
    const n = (counters.get(key) ?? rng.int(15)) + 1 + rng.int(3);
    counters.set(key, n);
    out.set(a, { number: `${city.docAbbr}环${a.filing ? '排备' : '审'}〔${year}〕${n}号`, date });
  }
  return out;
}

// ─── entry point ────────────────────────────────────────────────────────────────────────────────
/**
 * Generates the demonstration dataset. Records are sorted by code and pass outfallRecordSchema.
 *
 * @example generateDemoRecords({ seed: 2025, count: 2500 }).length // 2500
 * @throws RangeError when count is not an integer in 1…MAX_DEMO_COUNT
 */
export function generateDemoRecords(options: DemoOptions = {}): OutfallRecord[] {
  const seed = String(options.seed ?? DEFAULT_DEMO_SEED);
  const count = options.count ?? DEFAULT_DEMO_COUNT;
  if (!Number.isInteger(count) || count < 1 || count > MAX_DEMO_COUNT) {
    throw new RangeError(`count must be an integer from 1 to ${MAX_DEMO_COUNT}, got ${count}`);
  }
  const run = new Run(seed);
  const contexts = allCounties().map((c) => new CountyContext(c, seed));
  const plans = plan(contexts, count, seed);

  const drafts: Draft[] = [];
  contexts.forEach((ctx, i) => {
    for (const key of plans[i]!) drafts.push(draftOutfall(run, ctx, TYPE_PROFILE_BY_KEY.get(key)!));
  });

  const byCity = new Map<string, Draft[]>();
  for (const d of drafts) {
    const list = byCity.get(d.ctx.county.cityAdcode) ?? [];
    list.push(d);
    byCity.set(d.ctx.county.cityAdcode, list);
  }
  const records: OutfallRecord[] = [];
  for (const [cityAdcode, list] of [...byCity].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const city = CITY_PROFILES[cityAdcode]!;
    const rng = createRng(`${seed}:${cityAdcode}:progress`);
    assignStatuses(list, city, rng);
    const settled = list.map((d) => settle(d, rng));
    const numbers = numberApprovals(
      settled.flatMap((s) => (s.approval ? [s.approval] : [])),
      city,
      rng,
    );
    for (const s of settled) records.push(toRecord(s, s.approval && numbers.get(s.approval)));
  }
  return records.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
