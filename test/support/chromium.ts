import { existsSync } from 'node:fs';
import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/**
 * Real Chromium for browser tests: Debian's `chromium` package driven by playwright-core (a browser
 * download does not work on these machines). `CHROMIUM_PATH` overrides the executable.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // The machine's network is closed: background networking only produces refused connections.
    args: [
      '--no-sandbox',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
}

/** A phone: 390×844 CSS px at 3× like a mid-range Android/iPhone, touch, Chinese locale. */
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' } as const;

export async function newPhoneContext(browser: Browser, extra: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  return browser.newContext({ ...PHONE, ...extra });
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) in the page and returns the violations, each as
 * `rule: target…` so a failing assertion says what to fix.
 */
export async function axeViolations(page: Page, options: { exclude?: string[] } = {}): Promise<string[]> {
  // Evaluated through the DevTools protocol rather than added as a <script> tag, so the portal's
  // Content-Security-Policy (script-src 'self') stays on while axe runs.
  await page.evaluate(axe.source);
  const result = await page.evaluate(async (exclude) => {
    const w = window as unknown as { axe: typeof axe };
    const r = await w.axe.run({ exclude: exclude.map((s) => [s]) } as never, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(', ')}`,
    );
  }, options.exclude ?? []);
  return result;
}
