import * as z from 'zod/mini';
import { parsePhoneNumberFromString, type MetadataJson } from 'libphonenumber-js/core';
import type { PolicyProfile } from './profile.js';

/**
 * The field rules, driven by a policy profile. The browser (forms, import preview) and the server run these
 * very functions, so a value that passes in one passes in the other.
 */

/** Bidirectional controls, zero-width characters and other invisible format characters: never valid in a name or an address. */
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

const LETTERS_ONLY = /^\p{L}[\p{L}\p{M}]*(?: \p{L}[\p{L}\p{M}]*)*$/u;
/** Letters of any script, digits, spaces, dashes and apostrophes; starts with a letter or digit. */
const INTERNATIONAL = /^[\p{L}\p{N}][\p{L}\p{M}\p{N} '’.\-]*$/u;

/** Text as people type it: trimmed, Unicode NFC, runs of spaces collapsed. */
export function normalizeText(value: string): string {
  return value.normalize('NFC').trim().replace(/\s+/gu, ' ');
}

/** The key that makes two addresses the same person: NFC, trimmed, lower-cased. */
export function normalizeEmail(value: string): string {
  return value.normalize('NFC').trim().toLowerCase();
}

/** Excel users type `'` before `+` so that the cell is not read as a formula. */
export function stripExcelApostrophe(value: string): string {
  return value.replace(/^\s*'/, '').trim();
}

export function nameSchema(profile: PolicyProfile, label: string) {
  const pattern = profile.nameCharset === 'letters' ? LETTERS_ONLY : INTERNATIONAL;
  const allowed =
    profile.nameCharset === 'letters'
      ? 'letters only'
      : 'letters, digits, spaces, dashes and apostrophes';
  return z.pipe(
    z.string({ error: `${label} is required.` }),
    z.transform(normalizeText),
  ).check(
    z.refine((v) => v.length > 0, { error: `${label} is required.` }),
    z.refine((v) => !INVISIBLE.test(v), {
      error: `${label} contains an invisible control character (for example a zero-width space or a text-direction mark).`,
    }),
    z.refine((v) => [...v].length <= profile.nameMaxLength, {
      error: `${label} can have at most ${profile.nameMaxLength} characters.`,
    }),
    z.refine((v) => v.length === 0 || INVISIBLE.test(v) || pattern.test(v), {
      error: `${label} may contain ${allowed}.`,
    }),
  );
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;
const EMAIL_ASCII = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function emailSchema(profile: PolicyProfile) {
  return z.pipe(
    z.string({ error: 'Email is required.' }),
    z.transform((v: string) => v.normalize('NFC').trim()),
  ).check(
    z.refine((v) => v.length > 0, { error: 'Email is required.' }),
    z.refine((v) => !INVISIBLE.test(v), { error: 'Email contains an invisible control character.' }),
    z.refine((v) => v.length <= profile.emailMaxLength, {
      error: `Email can have at most ${profile.emailMaxLength} characters.`,
    }),
    z.refine((v) => !/[\uFF20\uFE6B]/u.test(v), {
      error: 'Email contains a look-alike @ sign (full-width); type a plain @.',
    }),
    z.refine((v) => !profile.emailAsciiOnly || /^[\x21-\x7e]*$/.test(v), {
      error: 'Email must not contain umlauts or other non-ASCII characters.',
    }),
    z.refine((v) => !profile.emailNoEdgeDotOrHyphen || !/^[.-]|[.-]$/.test(v), {
      error: 'Email must not start or end with a dot or a hyphen.',
    }),
    z.refine(
      (v) => {
        if (v.length === 0 || INVISIBLE.test(v)) return true;
        if (!EMAIL_SHAPE.test(v) || v.includes('..')) return false;
        const [local = '', domain = ''] = [v.slice(0, v.lastIndexOf('@')), v.slice(v.lastIndexOf('@') + 1)];
        if (local.length > 64 || local.startsWith('.') || local.endsWith('.')) return false;
        return /^[\x21-\x7e]*$/.test(v) ? EMAIL_ASCII.test(v) : domain.length > 0;
      },
      { error: 'Email must look like name@example.com.' },
    ),
  );
}

const USERNAME_FORBIDDEN = /[#/?\\]/;

export function usernameSchema(profile: PolicyProfile) {
  return z.pipe(z.string(), z.transform((v: string) => v.normalize('NFC').trim())).check(
    z.refine((v) => v.length > 0, { error: 'Username is required.' }),
    z.refine((v) => !INVISIBLE.test(v) && !/\s/u.test(v), {
      error: 'Username must not contain spaces or invisible characters.',
    }),
    z.refine((v) => v.length <= profile.usernameMaxLength, {
      error: `Username can have at most ${profile.usernameMaxLength} characters.`,
    }),
    z.refine((v) => !USERNAME_FORBIDDEN.test(v), {
      error: 'Username must not contain #, /, ? or \\.',
    }),
  );
}

/** One phone rule for forms, the API and the import: the value with its country code, or why it is not valid. */
export function checkPhone(raw: string, metadata: MetadataJson): { ok: true; value: string } | { ok: false; message: string } {
  const value = stripExcelApostrophe(raw);
  if (!value.startsWith('+')) {
    return { ok: false, message: 'Phone must start with + and the country code, for example +1 888 667 8888.' };
  }
  const parsed = parsePhoneNumberFromString(value, metadata);
  if (!parsed || !parsed.isValid()) {
    return { ok: false, message: parsed?.country ? `Phone is not a valid number for ${parsed.country}.` : 'Phone is not a valid number for its country code.' };
  }
  return { ok: true, value: parsed.number };
}

/**
 * Phone numbers must carry their country code and are validated by that country's rules; they are returned
 * in E.164. `metadata` is libphonenumber-js metadata (see `@roster/contract/phone-metadata`).
 */
export function phoneSchema(metadata: MetadataJson) {
  return z.pipe(
    z.string(),
    z.transform((raw: string, ctx) => {
      const r = checkPhone(raw, metadata);
      if (r.ok) return r.value;
      ctx.issues.push({ code: 'custom', input: raw, message: r.message });
      return z.NEVER;
    }),
  );
}
