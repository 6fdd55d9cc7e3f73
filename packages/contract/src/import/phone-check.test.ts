import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getCountries, getCountryCallingCode, type CountryCode, type MetadataJson } from 'libphonenumber-js/core';
import examples from 'libphonenumber-js/mobile/examples';
import { checkPhone } from '../fields.js';
import { createPhoneChecker, type PhoneVerdict } from './phone-check.js';
import { phoneMetadata } from '../phone-metadata.js';

/** The fast checker, and how many of its inputs went to `checkPhone`. */
function counted() {
  const seen = { fast: 0, fallback: 0 };
  const fast = createPhoneChecker(phoneMetadata, (raw: string, m: MetadataJson): PhoneVerdict => {
    seen.fallback++;
    return checkPhone(raw, m);
  });
  return { seen, check: (raw: string) => (seen.fast++, fast(raw)) };
}

const countries = getCountries(phoneMetadata);
const callingCodes = [...new Set(countries.map((c) => getCountryCallingCode(c, phoneMetadata)))];
// Non-geographic calling codes (+800, +808, +870, +878, +881, +882, +883, +888, +979).
const nonGeographic = Object.keys((phoneMetadata as unknown as { nonGeographic?: object }).nonGeographic ?? {});
const allCodes = [...callingCodes, ...nonGeographic];
const exampleOf = (c: CountryCode) => (examples as Record<string, string>)[c];

/** Every input: the fast checker answers exactly what `checkPhone` answers. */
function agree(check: (raw: string) => PhoneVerdict, raw: string) {
  expect(check(raw), JSON.stringify(raw)).toEqual(checkPhone(raw, phoneMetadata));
}

describe('createPhoneChecker: the same verdicts as checkPhone', () => {
  it('agrees on every country’s example number, formatted, mutated and with a national prefix', () => {
    const { check, seen } = counted();
    for (const c of countries) {
      const national = exampleOf(c);
      if (!national) continue;
      const cc = getCountryCallingCode(c, phoneMetadata);
      const variants = [
        national,
        national.slice(0, -1),
        `${national}7`,
        `${national.slice(0, -1)}${(Number(national.at(-1)) + 1) % 10}`,
        `0${national}`,
        `1${national}`,
        national.slice(1),
        `9${national.slice(1)}`,
      ];
      for (const v of variants) {
        agree(check, `+${cc}${v}`);
        agree(check, `+${cc} ${v.slice(0, 3)} ${v.slice(3)}`);
        agree(check, `'+${cc} (${v.slice(0, 2)}) ${v.slice(2, 5)}-${v.slice(5)}`);
        agree(check, `  +${cc}.${v.slice(0, 4)}/${v.slice(4)}  `);
      }
    }
    // Most of these take the fast path (not those with a national prefix or a carrier code).
    expect(seen.fallback).toBeLessThan(seen.fast / 2);
  });

  it('agrees on the benchmark’s and the docs’ numbers, without the fallback', () => {
    const { check, seen } = counted();
    for (const raw of ['+1 650 253 0000', "'+49 30 90180000", '+1 888 667 8888', '+49 30 901820', '+44 20 7946 0958', '+33 1 23 45 67 89', '+7 495 123-45-67', '+1 (268) 464-1234', '+1 242 357 1234']) {
      agree(check, raw);
    }
    expect(seen.fallback).toBe(0);
  });

  it('agrees on + with a calling code and random digits and separators (property)', () => {
    const { check } = counted();
    const part = fc.tuple(fc.constantFrom('', ' ', '-', '.', '/', '(', ')', ' (', ') '), fc.stringMatching(/^[0-9]{0,5}$/)).map(([sep, d]) => sep + d);
    fc.assert(
      fc.property(fc.constantFrom(...allCodes), fc.array(part, { maxLength: 6 }), fc.constantFrom('', "'", ' ', "' "), (cc, parts, before) => {
        agree(check, `${before}+${cc}${parts.join('')}`);
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees on any text made of phone characters (property)', () => {
    const { check } = counted();
    const chars = fc.constantFrom(...'+0123456789 -./()\'x#;,~\u00a0\uff10٣'.split(''));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 24 }), (cs) => agree(check, cs.join(''))),
      { numRuns: 20_000 },
    );
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (s) => agree(check, s)), { numRuns: 2_000 });
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (s) => agree(check, `+${s}`)), { numRuns: 2_000 });
  });

  it('agrees on long inputs and on the length limits', () => {
    const { check } = counted();
    for (const len of [1, 2, 3, 14, 15, 16, 17, 18, 19, 20, 120, 248, 249, 250, 251, 300]) {
      agree(check, `+49${'1'.repeat(Math.max(0, len - 3))}`);
      agree(check, `+1${'2'.repeat(Math.max(0, len - 2))}`);
      agree(check, `+49 30${' '.repeat(Math.max(0, len - 8))}90`);
    }
  });
});
