import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/kernel/config.ts';

describe('configuration', () => {
  it('has working defaults for a fresh clone', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(4321);
    expect(c.DATABASE_PATH).toMatch(/var\/portal\.db$/);
    expect(c.PUBLIC_BASE_URL).toBe('http://localhost:4321');
  });

  it('strips a trailing slash from the public base URL used in QR codes', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://hbpwk.jl.gov.cn/' }).PUBLIC_BASE_URL).toBe('https://hbpwk.jl.gov.cn');
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['PUBLIC_BASE_URL', 'hbpwk.jl.gov.cn'],
    ['PUBLIC_BASE_URL', 'ftp://hbpwk.jl.gov.cn'],
    ['MAP_TILE_URL', 'not a url'],
    ['TIANDITU_TOKEN', 'short'],
    ['LOG_LEVEL', 'verbose'],
  ])('stops on a bad %s (%s) with a message naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`\\b${name}\\b`));
  });
});

describe('HTTP timeouts', () => {
  it('refuses a headers timeout longer than the whole-request timeout, naming both', () => {
    expect(() => loadConfig({ REQUEST_TIMEOUT_S: '15', HEADERS_TIMEOUT_S: '30' })).toThrow(/HEADERS_TIMEOUT_S: .*REQUEST_TIMEOUT_S/);
    expect(loadConfig({ REQUEST_TIMEOUT_S: '15', HEADERS_TIMEOUT_S: '10' }).REQUEST_TIMEOUT_S).toBe(15);
  });
});
