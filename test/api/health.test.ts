import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { buildDb } from '../../src/kernel/db/client.ts';

describe('GET /api/health', () => {
  const dir = mkdtempSync(join(tmpdir(), 'health-'));
  const config = loadConfig({ UPLOAD_DIR: join(dir, 'uploads'), CONTACT_KEY_FILE: join(dir, 'contact.key'), LOG_LEVEL: 'error' });

  it('answers ok, uncached, while the database answers', async () => {
    const db = buildDb(':memory:');
    const res = await createApp({ db, config }).request('/api/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ ok: true });
  });

  it('fails when the database is gone', async () => {
    const db = buildDb(':memory:');
    const app = createApp({ db, config });
    db.$client.close();
    const res = await app.request('/api/health');
    expect(res.status).toBeGreaterThanOrEqual(500);
  });
});
