import { describe, expect, it } from 'vitest';
import { distanceM } from '../../../src/kernel/geo/distance.ts';

describe('distanceM', () => {
  it.each([
    // One degree of latitude is 111.2 km anywhere; one of longitude at 43.9° N is 80.1 km.
    [{ lng: 125.3, lat: 43.9 }, { lng: 125.3, lat: 44.9 }, 111_195],
    [{ lng: 125.3, lat: 43.9 }, { lng: 126.3, lat: 43.9 }, 80_140],
    // One thousandth of a degree of latitude.
    [{ lng: 125.35, lat: 43.85 }, { lng: 125.35, lat: 43.851 }, 111.2],
    // 长春 → 吉林市, about 98 km.
    [{ lng: 125.3245, lat: 43.8868 }, { lng: 126.5496, lat: 43.8378 }, 98_369],
    [{ lng: 125.3, lat: 43.9 }, { lng: 125.3, lat: 43.9 }, 0],
  ])('%o → %o ≈ %f m', (a, b, m) => {
    expect(Math.abs(distanceM(a, b) - m)).toBeLessThan(m * 0.002 + 0.1);
  });

  it('is symmetric and takes { lng, lat } (not two numbers in some order): swapping lng and lat changes the answer', () => {
    const a = { lng: 125.3245, lat: 43.8868 };
    const b = { lng: 126.5496, lat: 43.8378 };
    expect(distanceM(a, b)).toBe(distanceM(b, a));
    const swapped = distanceM({ lng: a.lat, lat: a.lng }, { lng: b.lat, lat: b.lng });
    expect(Math.abs(swapped - distanceM(a, b))).toBeGreaterThan(10_000);
  });

  it('stays finite and exact at the antipode (the haversine term is clamped to 1)', () => {
    expect(distanceM({ lng: 0, lat: 0 }, { lng: 180, lat: 0 })).toBeCloseTo(Math.PI * 6_371_008.8, 3);
  });
});
