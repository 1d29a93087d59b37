/**
 * Synthetic reports for benchmarks: rows written straight into the reports tables (no photos, no
 * contacts) with realistic workflows, deterministic for a given count.
 */
import type { Db } from '../../src/kernel/db/client.ts';
import { allCounties } from '../../src/kernel/geo/admin.ts';

/** The "now" the seeded reports lead up to. */
export const NOW = new Date('2026-12-31T00:00:00Z');

/**
 * Inserts `n` reports spread over 2026 and the 60 counties with realistic workflows: 10% still
 * received, 10% rejected, the rest accepted, most of those in progress or concluded; 5% transferred.
 */
export function seedReports(db: Db, n: number): void {
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const counties = allCounties().map((c) => c.adcode);
  const c = db.$client;
  const insReport = c.prepare(
    `INSERT INTO reports (tracking_number, year, seq, query_code_hash, status, county_adcode, category, description, lng, lat, routing_rule, routed_county_adcode, near_border, boundary_version, delivery_state, received_at, updated_at)
     VALUES (?, 2026, ?, 'x', ?, ?, 'illegal_discharge', 'bench', 125.3, 43.8, 'point_in_polygon', ?, '[]', 'bench', 'inbox_only', ?, ?)`,
  );
  const insEvent = c.prepare('INSERT INTO report_events (report_id, type, actor, public, status, at) VALUES (?, ?, ?, 1, ?, ?)');
  const start = Date.parse('2026-01-01T00:00:00Z');
  const span = NOW.getTime() - start - 30 * 86_400_000;
  c.transaction(() => {
    for (let i = 1; i <= n; i++) {
      const received = start + rand() * span;
      const at = (d: number) => new Date(received + d * 86_400_000).toISOString();
      const county = counties[Math.floor(rand() * counties.length)]!;
      const r = rand();
      const events: [string, string, number][] = [['received', 'received', 0]];
      let status = 'received';
      let t = 0;
      if (rand() < 0.05) {
        t += 1 + rand() * 5;
        events.push(['transferred', 'received', t]);
      }
      if (r >= 0.1) {
        t += rand() * 12;
        if (r < 0.2) {
          events.push(['status_changed', 'rejected', t]);
          status = 'rejected';
        } else {
          events.push(['status_changed', 'accepted', t]);
          status = 'accepted';
          if (r > 0.35) {
            t += rand() * 10;
            events.push(['status_changed', 'in_progress', t]);
            status = 'in_progress';
          }
          if (r > 0.5) {
            t += rand() * 70;
            events.push(['status_changed', 'concluded', t]);
            status = 'concluded';
          }
        }
      }
      const { lastInsertRowid } = insReport.run(`JL2026-${String(i).padStart(6, '0')}`, i, status, county, county, at(0), at(t));
      for (const [type, s, d] of events) insEvent.run(lastInsertRowid, type, type === 'received' ? 'citizen' : 'staff:1', s, at(d));
    }
    // Keep tracking numbers consistent for reports made later through the API.
    c.prepare('INSERT INTO report_sequences (year, last) VALUES (2026, ?) ON CONFLICT(year) DO UPDATE SET last = max(last, excluded.last)').run(n);
  })();
}
