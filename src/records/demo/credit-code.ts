import { creditCodeCheckChar as importerCheckChar } from '../import/values.ts';

/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015): 18 characters =
 * registration authority (1) + organisation type (1) + GB/T 2260 area code (6) +
 * organisation code (9, GB 11714 with its own check character) + check character (1).
 *
 * The demonstration generator makes valid codes with these functions.
 */

/** The 31 characters allowed in a credit code (no I, O, S, V, Z), in value order. */
export const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/**
 * The 18th (check) character for the first 17 characters of a credit code, or undefined when one of
 * them is not an allowed character. The GB 32100 arithmetic itself is the importer's
 * (src/records/import/values.ts), so the importer and the generator cannot disagree.
 *
 * @example creditCodeCheckChar('91350100M000100Y4') // '3'
 */
export function creditCodeCheckChar(first17: string): string | undefined {
  if (first17.length !== 17 || [...first17].some((c) => !CREDIT_CODE_CHARS.includes(c))) return undefined;
  return importerCheckChar(first17);
}

/**
 * The 9th (check) character of a GB 11714 organisation code from its first 8 characters
 * (digits and upper-case letters, A = 10 … Z = 35): `X` stands for 10.
 *
 * @example organizationCodeCheckChar('M000100Y') // '4'
 */
export function organizationCodeCheckChar(first8: string): string | undefined {
  if (!/^[0-9A-Z]{8}$/.test(first8)) return undefined;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(first8[i]!, 36) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * Whether an 18-character code is well formed and its GB 32100 check character is right. (The
 * embedded organisation code's own check character is not tested: codes issued from 2015 on do not
 * always carry a GB 11714 organisation code.)
 *
 * @example isValidCreditCode('91350100M000100Y43') // true
 */
export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  return creditCodeCheckChar(code.slice(0, 17)) === code[17];
}

/**
 * Builds a full credit code from its parts, adding both check characters.
 *
 * @param authority registration authority and organisation type, e.g. `91` (enterprise), `93`
 *   (farmers' cooperative), `12` (public institution)
 * @param areaCode 6-digit GB/T 2260 code of the registering area
 * @param orgBody first 8 characters of the organisation code, from CREDIT_CODE_CHARS
 * @example makeCreditCode('91', '350100', 'M000100Y') // '91350100M000100Y43'
 */
export function makeCreditCode(authority: string, areaCode: string, orgBody: string): string {
  const orgCheck = organizationCodeCheckChar(orgBody);
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}$/.test(authority) || !/^\d{6}$/.test(areaCode) || !orgCheck) {
    throw new Error(`makeCreditCode: bad parts ${authority}/${areaCode}/${orgBody}`);
  }
  const first17 = authority + areaCode + orgBody + orgCheck;
  const check = creditCodeCheckChar(first17);
  if (!check) throw new Error(`makeCreditCode: ${orgBody} uses a character not allowed in credit codes`);
  return first17 + check;
}
