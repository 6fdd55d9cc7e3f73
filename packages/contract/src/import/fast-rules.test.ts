import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emailRule, emailShapeOk, nameRule } from '../fields.js';
import { fastEmailRule, fastNameRule } from './fast-rules.js';
import { profilePresets, type PolicyProfile } from '../profile.js';

const profiles: PolicyProfile[] = [
  ...Object.values(profilePresets),
  { ...profilePresets.default, nameCharset: 'letters', nameMaxLength: 6, emailMaxLength: 16, emailAsciiOnly: false, emailNoEdgeDotOrHyphen: false },
  { ...profilePresets.default, nameMaxLength: 6, emailMaxLength: 16 },
];

/** Text from the characters where the fast paths decide, and their neighbours. */
const nameText = fc.string({ unit: fc.constantFrom(...'AaZzÀÿØøßé×÷ -\'’.,_0\t\u00a0\u200b\u0308ĀЖ'.split('')), maxLength: 12 });
const emailText = fc.string({ unit: fc.constantFrom(...'aZ09.-_+@@..@ \t!~"\u007f\u00e9\uff20\u200b'.split('')), maxLength: 20 });

describe('fast rules give the full rules’ verdicts', () => {
  it('names: the same value or the same messages, for every profile (property)', () => {
    for (const profile of profiles) {
      const fast = fastNameRule(profile, 'firstName');
      const full = nameRule(profile, 'firstName');
      for (const s of ['', 'Anna', 'Jörg', 'Zoë', 'O’Brien', "O'Brien", 'Anna-Lena', 'Mary Ann', 'Mary  Ann', ' Anna', 'Anna ', 'A.', 'x×y', 'Ab Cd Ef', 'Abcdefg', 'Ab -Cd']) expect(fast(s), `${profile.nameCharset} ${JSON.stringify(s)}`).toEqual(full(s));
      fc.assert(fc.property(nameText, (s) => {
        expect(fast(s)).toEqual(full(s));
      }), { numRuns: 5_000 });
      fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 10 }), (s) => {
        expect(fast(s)).toEqual(full(s));
      }), { numRuns: 1_000 });
    }
  });

  it('emails: the same value or the same messages, for every profile (property)', () => {
    for (const profile of profiles) {
      const fast = fastEmailRule(profile);
      const full = emailRule(profile);
      for (const s of ['', 'anna@example.com', 'Anna@Example.COM', '.a@b.cd', 'a@b.cd-', 'a..b@c.de', 'a.@b.cd', 'a@b', 'a@b.c', 'a@-b.cd', `${'a'.repeat(65)}@b.cd`, 'a b@c.de', 'jörg@x.de', 'a＠b.cd']) expect(fast(s), JSON.stringify(s)).toEqual(full(s));
      fc.assert(fc.property(emailText, (s) => {
        expect(fast(s)).toEqual(full(s));
      }), { numRuns: 5_000 });
      fc.assert(fc.property(fc.emailAddress(), (s) => {
        expect(fast(s)).toEqual(full(s));
      }), { numRuns: 1_000 });
      fc.assert(fc.property(fc.string({ maxLength: 30 }), (s) => {
        expect(fast(s)).toEqual(full(s));
      }), { numRuns: 1_000 });
    }
  });

  it('take the fast path for plain names and addresses (they return the very string)', () => {
    const name = fastNameRule(profilePresets.default, 'firstName');
    for (const s of ['Anna', 'Jörg', 'O’Brien', 'Anna-Lena Berg']) expect(name(s)).toBe(s);
    expect(fastEmailRule(profilePresets.default)('user1@bench.example')).toBe('user1@bench.example');
  });
});

describe('emailShapeOk', () => {
  it('a visible-ASCII address it accepts has the general shape too, which it no longer tests for ASCII (property)', () => {
    const shape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;
    const ascii = fc.string({ unit: fc.constantFrom(...'aZ09.-_+@.!~#'.split('')), minLength: 1, maxLength: 20 });
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(ascii, fc.emailAddress()), (v) => {
        fc.pre(/^[\x21-\x7e]+$/.test(v));
        if (emailShapeOk(v, true)) {
          accepted++;
          expect(shape.test(v), v).toBe(true);
        }
      }),
      { numRuns: 20_000 },
    );
    expect(accepted).toBeGreaterThan(1_000);
  });
});
