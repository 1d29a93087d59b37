import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contactKeyId, loadOrCreateContactKey, openContact, parseContactKey, sealContact } from '../../api/reports/contact.ts';

let dir: string;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('contact key', () => {
  it('is created once in CONTACT_KEY_FILE with mode 0600 and read back on the next start', () => {
    dir = mkdtempSync(join(tmpdir(), 'contact-key-'));
    const file = join(dir, 'var', 'contact.key');
    const first = loadOrCreateContactKey({ CONTACT_KEY: undefined, CONTACT_KEY_FILE: file });
    expect(first).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateContactKey({ CONTACT_KEY: undefined, CONTACT_KEY_FILE: file }).equals(first)).toBe(true);
    // A copy with a permissive mode is tightened again.
    chmodSync(file, 0o644);
    loadOrCreateContactKey({ CONTACT_KEY: undefined, CONTACT_KEY_FILE: file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('CONTACT_KEY wins over the file and accepts hex or base64', () => {
    dir = mkdtempSync(join(tmpdir(), 'contact-key-'));
    const hex = 'ab'.repeat(32);
    const key = loadOrCreateContactKey({ CONTACT_KEY: hex, CONTACT_KEY_FILE: join(dir, 'never') });
    expect(key.toString('hex')).toBe(hex);
    expect(parseContactKey(key.toString('base64')).equals(key)).toBe(true);
    expect(() => readFileSync(join(dir, 'never'))).toThrow();
  });

  it('a corrupt key file stops the start instead of silently making a new key', () => {
    dir = mkdtempSync(join(tmpdir(), 'contact-key-'));
    const file = join(dir, 'contact.key');
    writeFileSync(file, 'short');
    expect(() => loadOrCreateContactKey({ CONTACT_KEY: undefined, CONTACT_KEY_FILE: file })).toThrow(/CONTACT_KEY/);
  });
});

describe('sealed contacts', () => {
  const key = Buffer.alloc(32, 7);
  const other = Buffer.alloc(32, 8);
  it('round-trip, and do not open with another key, another report or altered text', () => {
    const sealed = sealContact(key, { name: '张三', phone: '13800000000' }, 'JL2026-000001');
    expect(sealed).not.toContain('13800000000');
    expect(sealed.split('.')[1]).toBe(contactKeyId(key));
    expect(openContact(key, sealed, 'JL2026-000001')).toEqual({ name: '张三', phone: '13800000000' });
    expect(() => openContact(other, sealed, 'JL2026-000001')).toThrow(/key/);
    expect(() => openContact(key, sealed, 'JL2026-000002')).toThrow();
    const parts = sealed.split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => openContact(key, parts.join('.'), 'JL2026-000001')).toThrow();
    // Two seals of the same contact differ (fresh IV each time).
    expect(sealContact(key, { phone: '1' }, 'x')).not.toBe(sealContact(key, { phone: '1' }, 'x'));
  });
});
