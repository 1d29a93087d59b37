import { readFileSync } from 'node:fs';
import { dataPath } from './paths.ts';

/**
 * Jilin's administrative units (GB/T 2260), read from the bundled boundary data
 * (`data/geo/jilin-counties.geojson`, `data/geo/jilin-cities.geojson`; see data/geo/PROVENANCE.md).
 * 公主岭市 is 220184 under 长春市 since 2020.
 */
export interface City {
  /** 6-digit GB/T 2260 prefecture code, e.g. `220100`. */
  adcode: string;
  /** Official name, e.g. `长春市`. */
  name: string;
}

export interface County {
  /** 6-digit GB/T 2260 county-level code, e.g. `220184`. */
  adcode: string;
  /** Official name, e.g. `公主岭市`. */
  name: string;
  /** The prefecture-level unit it belongs to. */
  cityAdcode: string;
  cityName: string;
}

export type Position = [number, number];
export type PolygonCoords = Position[][];
export interface CountyFeature {
  type: 'Feature';
  id: string;
  properties: County;
  geometry: { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: PolygonCoords[] };
}
export interface CityFeature {
  type: 'Feature';
  id?: string;
  properties: City;
  geometry: { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: PolygonCoords[] };
}

/** Version of the boundary data, stored with every routing decision. */
export const BOUNDARY_VERSION = 'jilin-counties@echarts-0.1.4+pcc-8.5.8/gcj02-to-wgs84';

let countyFeatures: CountyFeature[] | undefined;
let cityFeatures: CityFeature[] | undefined;

export function loadCountyFeatures(): CountyFeature[] {
  countyFeatures ??= (JSON.parse(readFileSync(dataPath('geo', 'jilin-counties.geojson'), 'utf8')) as { features: CountyFeature[] }).features;
  return countyFeatures;
}

export function loadCityFeatures(): CityFeature[] {
  cityFeatures ??= (JSON.parse(readFileSync(dataPath('geo', 'jilin-cities.geojson'), 'utf8')) as { features: CityFeature[] }).features;
  return cityFeatures;
}

let counties: County[] | undefined;
let cities: City[] | undefined;

/** The 60 county-level units, sorted by adcode. */
export function allCounties(): County[] {
  counties ??= loadCountyFeatures().map((f) => ({ ...f.properties }));
  return counties;
}

/** The 9 prefecture-level units, sorted by adcode. */
export function allCities(): City[] {
  cities ??= loadCityFeatures()
    .map((f) => ({ adcode: f.properties.adcode, name: f.properties.name }))
    .sort((a, b) => a.adcode.localeCompare(b.adcode));
  return cities;
}

export function countyByAdcode(adcode: string): County | undefined {
  return allCounties().find((c) => c.adcode === adcode);
}

export function cityByAdcode(adcode: string): City | undefined {
  return allCities().find((c) => c.adcode === adcode);
}

/**
 * Finds a county by the name people type: the full name (`公主岭市`), or without its suffix and
 * autonomous-county qualifiers (`公主岭`, `伊通`, `前郭`), optionally scoped to a city. Returns all
 * candidates so the caller can report ambiguity (朝阳区 exists only once in Jilin, but 铁西区/铁东区
 * style names recur in other provinces' files).
 */
export function countiesByName(name: string, cityAdcode?: string): County[] {
  const n = name.trim();
  if (!n) return [];
  const pool = allCounties().filter((c) => !cityAdcode || c.cityAdcode === cityAdcode);
  const exact = pool.filter((c) => c.name === n);
  if (exact.length) return exact;
  // A typed suffix must agree (朝阳县 is not 朝阳区); 伊通县 still finds 伊通满族自治县.
  const typedSuffix = suffixOf(n);
  if (typedSuffix) return pool.filter((c) => shortName(c.name) === shortName(n) && typedSuffix === suffixOf(c.name));
  // Without a suffix a prefix counts too, so 二道 is reported as ambiguous (二道区, 二道江区).
  return pool.filter((c) => shortName(c.name) === n || (n.length >= 2 && c.name.startsWith(n)));
}

/** Finds a city by full or short name (`长春市`, `长春`, `延边州`, `延边`); at least two characters. */
export function cityByName(name: string): City | undefined {
  const n = name.trim();
  if (n.length < 2) return undefined;
  return allCities().find((c) => c.name === n || shortName(c.name) === shortName(n));
}

function suffixOf(name: string): string | undefined {
  return /(市|县|区|州)$/u.exec(name)?.[1];
}

/** 伊通满族自治县 → 伊通, 公主岭市 → 公主岭, 延边朝鲜族自治州 → 延边, 延边州 → 延边. */
export function shortName(name: string): string {
  return name
    .replace(/(满族|朝鲜族|蒙古族|尔罗斯蒙古族)?自治(县|州)$/u, '')
    .replace(/尔罗斯$/u, '')
    .replace(/(市|县|区|州)$/u, '');
}
