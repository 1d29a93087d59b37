import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../api/app.ts';
import { contactDirectory, loadDeliveryContacts } from '../../../api/delivery/contacts.ts';
import { ConfigError, loadConfig } from '../../../src/kernel/config.ts';
import { buildDb } from '../../../src/kernel/db/client.ts';
import { TEST_CONTACT_KEY } from '../helpers.ts';

const SECRET = 's'.repeat(32);
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function file(content: string): string {
  dir ??= mkdtempSync(join(tmpdir(), 'contacts-test-'));
  const p = join(dir, 'contacts.json');
  writeFileSync(p, content);
  return p;
}

describe('DELIVERY_CONTACTS_FILE', () => {
  it('reads e-mail (one or several) and webhook contacts per county', () => {
    const contacts = loadDeliveryContacts({
      SMTP_URL: 'smtp://u:p@mail.example.gov.cn:587',
      DELIVERY_CONTACTS_FILE: file(
        JSON.stringify({
          '220102': { email: ['A@example.gov.cn', 'b@example.gov.cn', 'a@example.gov.cn'], webhook: { url: 'https://oa.example.gov.cn/hook', secret: SECRET } },
          '220184': { email: 'gzl@example.gov.cn' },
        }),
      ),
    });
    expect(contacts.targetsOf('220102')).toEqual([
      { channel: 'email', target: 'a@example.gov.cn' },
      { channel: 'email', target: 'b@example.gov.cn' },
      { channel: 'webhook', target: 'https://oa.example.gov.cn/hook', secret: SECRET },
    ]);
    expect(contacts.targetsOf('220184')).toEqual([{ channel: 'email', target: 'gzl@example.gov.cn' }]);
    expect(contacts.targetsOf('220103')).toEqual([]);
    expect(contacts.webhookSecret('220102', 'https://oa.example.gov.cn/hook')).toBe(SECRET);
    expect(contacts.webhookSecret('220102', 'https://elsewhere.example/hook')).toBeUndefined();
    expect(contacts.counties).toEqual(['220102', '220184']);
  });

  it('without a file, every county is inbox only', () => {
    const contacts = loadDeliveryContacts({});
    expect(contacts.counties).toEqual([]);
    expect(contacts.usesEmail).toBe(false);
  });

  it.each([
    ['not JSON', '{ "220102": ', /DELIVERY_CONTACTS_FILE .*contacts\.json: /],
    ['an unknown county code', JSON.stringify({ '110101': { email: 'a@example.gov.cn' } }), /110101: is not a county-level code of Jilin/],
    ['a city code instead of a county', JSON.stringify({ '220100': { email: 'a@example.gov.cn' } }), /220100: is not a county-level code/],
    ['a bad e-mail address', JSON.stringify({ '220102': { email: 'not-an-address' } }), /220102\.email/],
    [
      'an http webhook to another host',
      JSON.stringify({ '220102': { webhook: { url: 'http://oa.example.gov.cn/hook', secret: SECRET } } }),
      /220102\.webhook\.url: must be https/,
    ],
    [
      'a short secret',
      JSON.stringify({ '220102': { webhook: { url: 'https://oa.example.gov.cn/hook', secret: 'short' } } }),
      /220102\.webhook\.secret: must be at least 32/,
    ],
    ['a county with nothing', JSON.stringify({ '220102': {} }), /220102: needs "email" or "webhook"/],
    ['a misspelt key', JSON.stringify({ '220102': { mail: 'a@example.gov.cn' } }), /220102/],
    ['an array', JSON.stringify([]), /is not valid/],
  ])('refuses %s, naming the file and the entry', (_what, content, message) => {
    const path = file(content);
    const load = () => loadDeliveryContacts({ SMTP_URL: 'smtp://u:p@mail.example.gov.cn', DELIVERY_CONTACTS_FILE: path });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(path);
    expect(load).toThrow(message);
  });

  it('refuses a missing file', () => {
    expect(() => loadDeliveryContacts({ DELIVERY_CONTACTS_FILE: '/nonexistent/contacts.json' })).toThrow(
      /DELIVERY_CONTACTS_FILE \/nonexistent\/contacts\.json: ENOENT/,
    );
  });

  it('refuses e-mail contacts without SMTP_URL', () => {
    const path = file(JSON.stringify({ '220102': { email: 'a@example.gov.cn' } }));
    expect(() => loadDeliveryContacts({ DELIVERY_CONTACTS_FILE: path })).toThrow(/lists e-mail contacts but SMTP_URL is not set/);
  });

  it('allows http webhooks to the loopback interface only', () => {
    expect(contactDirectory({ '220102': { webhook: { url: 'http://127.0.0.1:8080/hook', secret: SECRET } } }).targetsOf('220102')).toHaveLength(1);
    expect(() => contactDirectory({ '220102': { webhook: { url: 'http://10.0.0.1/hook', secret: SECRET } } })).toThrow();
  });

  it('a bad file stops the app at start-up', () => {
    const path = file(JSON.stringify({ '999999': { email: 'a@example.gov.cn' } }));
    const config = loadConfig({
      DELIVERY_CONTACTS_FILE: path,
      SMTP_URL: 'smtp://127.0.0.1:2525',
      UPLOAD_DIR: join(dir!, 'uploads'),
      CONTACT_KEY: TEST_CONTACT_KEY,
    });
    // createApp without a delivery of its own loads DELIVERY_CONTACTS_FILE (api/server.ts does the same before it).
    expect(() => createApp({ db: buildDb(':memory:'), config, recover: false })).toThrow(/^DELIVERY_CONTACTS_FILE .* is not valid/);
  });
});
