import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CREDIT_CODE_CHARS, creditCodeCheckChar, isValidCreditCode, makeCreditCode, organizationCodeCheckChar } from '../../../src/records/demo/credit-code.ts';

// 91350100M000100Y43 is the worked example printed with GB 32100-2015 explanations.
const EXAMPLE = '91350100M000100Y43';

describe('unified social credit code (GB 32100)', () => {
  it('accepts the published example and computes both of its check characters', () => {
    expect(isValidCreditCode(EXAMPLE)).toBe(true);
    expect(creditCodeCheckChar(EXAMPLE.slice(0, 17))).toBe('3');
    expect(organizationCodeCheckChar('M000100Y')).toBe('4');
    expect(makeCreditCode('91', '350100', 'M000100Y')).toBe(EXAMPLE);
    // A second published example (Shenzhen).
    expect(isValidCreditCode('91440300708461136T')).toBe(true);
    expect(creditCodeCheckChar('9144030070846113')).toBeUndefined();
    expect(creditCodeCheckChar('9144030070846113I')).toBeUndefined();
  });

  it.each([
    ['wrong check character', '91350100M000100Y44'],
    ['too short', '91350100M000100Y4'],
    ['too long', '91350100M000100Y433'],
    ['lower case', '91350100m000100y43'],
    ['letter I (not allowed)', '91350100I000100Y43'],
    ['letter in the area code', '9135010AM000100Y43'],
    ['two characters swapped', '91350100M000010Y43'],
    ['empty', ''],
  ])('rejects %s', (_label, code) => {
    expect(isValidCreditCode(code)).toBe(false);
  });

  it('organisation check: 10 is written X and 11 is written 0', () => {
    // Worked by hand with the weights 3,7,9,10,5,8,4,2: check = 11 − (Σ mod 11).
    expect(organizationCodeCheckChar('00000001')).toBe('9'); // Σ 2 → 9
    expect(organizationCodeCheckChar('00000010')).toBe('7'); // Σ 4 → 7
    expect(organizationCodeCheckChar('10000000')).toBe('8'); // Σ 3 → 8
    expect(organizationCodeCheckChar('00000005')).toBe('1'); // Σ 10 → 1
    expect(organizationCodeCheckChar('00000006')).toBe('X'); // Σ 12 ≡ 1 → 10 → X
    expect(organizationCodeCheckChar('00000000')).toBe('0'); // Σ 0 → 11 → 0
    expect(organizationCodeCheckChar('0000000a')).toBeUndefined();
  });

  it('detects every single-character change (property)', () => {
    const char = fc.constantFrom(...CREDIT_CODE_CHARS);
    const digit = fc.constantFrom(...'0123456789');
    const part = (arb: fc.Arbitrary<string>, n: number) => fc.array(arb, { minLength: n, maxLength: n }).map((a) => a.join(''));
    fc.assert(
      fc.property(part(char, 2), part(digit, 6), part(char, 9), fc.integer({ min: 0, max: 17 }), char, (head, area, org, pos, replacement) => {
        const first17 = head + area + org;
        const code = first17 + creditCodeCheckChar(first17)!;
        expect(isValidCreditCode(code)).toBe(true);
        fc.pre(replacement !== code[pos]);
        const changed = code.slice(0, pos) + replacement + code.slice(pos + 1);
        expect(isValidCreditCode(changed)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses parts it cannot encode', () => {
    expect(() => makeCreditCode('9', '220102', '12345678')).toThrow(/bad parts/);
    expect(() => makeCreditCode('91', '2201', '12345678')).toThrow(/bad parts/);
    expect(() => makeCreditCode('91', '220102', 'abc')).toThrow(/bad parts/);
  });
});
