import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from './geo/paths.ts';

/**
 * The portal's configuration, read once from environment variables and validated here. Every
 * variable is documented in README.md ("Configuration"). A bad value stops the process with a
 * message naming the variable.
 */
const projectPath = (p: string) => (isAbsolute(p) ? p : join(PROJECT_ROOT, p));

const port = z.coerce.number().int().min(1).max(65535);
const optionalUrl = z.url({ protocol: /^https?$/ }).optional();

export const configSchema = z.object({
  /** TCP port of the server (site and API in one process). */
  PORT: port.default(4321),
  /** Interface to listen on; `0.0.0.0` to accept connections from other machines. */
  HOST: z.string().min(1).default('localhost'),
  /** SQLite database file: records store and reports. */
  DATABASE_PATH: z.string().min(1).default('var/portal.db').transform(projectPath),
  /** The built site (`astro build` output with client/ and server/); the server serves it. */
  SITE_DIR: z.string().min(1).default('dist').transform(projectPath),
  /** Folder for report photos; never inside public/ or dist/. */
  UPLOAD_DIR: z.string().min(1).default('var/uploads').transform(projectPath),
  /** Absolute public URL of the portal, encoded in signboard QR codes (no trailing slash). */
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:4321').transform((u) => u.replace(/\/+$/, '')),
  /** Optional XYZ raster tile URL template for the map base (`{z}/{x}/{y}`). */
  MAP_TILE_URL: optionalUrl,
  /** Attribution shown for MAP_TILE_URL tiles. */
  MAP_TILE_ATTRIBUTION: z.string().optional(),
  /** Optional Tianditu (天地图) token; when set, Tianditu vector + labels are the map base. */
  TIANDITU_TOKEN: z.string().regex(/^[0-9a-f]{32}$/i, 'must be the 32-character hex key from 天地图').optional(),
  /** Log verbosity. */
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses `env` (default `process.env`), treating empty strings as unset.
 *
 * @example loadConfig({ PORT: '8080' }).PORT // 8080
 * @throws ConfigError naming every bad variable
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
