import * as z from 'zod/mini';
import { parsePhoneNumberFromString, type MetadataJson } from 'libphonenumber-js/core';
import type { PolicyProfile } from './profile.js';
import { domainToAscii, localPartSpoofing } from './email-identity.js';
// Node: the confusables check, statically; a browser build: nothing (see ./email-identity.ts, `emailRulesReady`).
import '#email-confusables';

/**
 * The field rules, driven by a policy profile. The browser (forms, import preview) and the server run these
 * very functions, so a value that passes in one passes in the other.
 */

/** Bidirectional controls, zero-width characters and other invisible format characters: never valid in a name or an address. */
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

const LETTERS_ONLY = /^\p{L}[\p{L}\p{M}]*(?: \p{L}[\p{L}\p{M}]*)*$/u;
/** Letters of any script, digits, spaces, dashes and apostrophes; starts with a letter or digit. */
const INTERNATIONAL = /^[\p{L}\p{N}][\p{L}\p{M}\p{N} '’.\-]*$/u;

const SPACE_TO_COLLAPSE = /\s\s|[^\S ]/u;

/** Text as people type it: trimmed, Unicode NFC, runs of spaces collapsed. */
export function normalizeText(value: string): string {
  const v = value.normalize('NFC').trim();
  return SPACE_TO_COLLAPSE.test(v) ? v.replace(/\s+/gu, ' ') : v;
}

/**
 * The key that makes two addresses the same person: NFC, trimmed, lower-cased, and the domain in its UTS #46
 * ASCII form (`user@bücher.example` is `user@xn--bcher-kva.example`).
 */
export function normalizeEmail(value: string): string {
  return emailKey(value.normalize('NFC').trim());
}

const NON_ASCII = /[^\x00-\x7f]/;

/** `normalizeEmail` of an address already in NFC and trimmed (what `emailRule` returns). */
export function emailKey(v: string): string {
  const lower = v.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  const at = lower.lastIndexOf('@');
  const domain = at < 0 ? null : domainToAscii(lower.slice(at + 1));
  return domain === null ? lower : `${lower.slice(0, at + 1)}${domain}`;
}

/** Excel users type `'` before `+` so that the cell is not read as a formula. */
export function stripExcelApostrophe(value: string): string {
  const v = value.trim();
  return v.charCodeAt(0) === 39 ? v.slice(1).trim() : v;
}

/** A field rule's verdict: the normalized value when valid, else every message that applies. */
export interface RuleFailure {
  errors: string[];
}
export type Rule = (raw: string) => string | RuleFailure;

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;
const EMAIL_ASCII = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const ASCII_VISIBLE = /^[\x21-\x7e]*$/;
const FULLWIDTH_AT = /[\uFF20\uFE6B]/u;
const EDGE_DOT_OR_HYPHEN = /^[.-]|[.-]$/;
const WHITESPACE = /\s/u;

/** The name rule (first and last names), built once per profile and label; forms, API and import share it. */
export function nameRule(profile: PolicyProfile, label: string): Rule {
  const pattern = profile.nameCharset === 'letters' ? LETTERS_ONLY : INTERNATIONAL;
  const max = profile.nameMaxLength;
  const required = `${label} is required.`;
  const invisible = `${label} contains an invisible control character (for example a zero-width space or a text-direction mark).`;
  const tooLong = `${label} can have at most ${max} characters.`;
  const charset = `${label} may contain ${profile.nameCharset === 'letters' ? 'letters only' : 'letters, digits, spaces, dashes and apostrophes'}.`;
  return (raw) => {
    const v = normalizeText(raw);
    let errors: string[] | null = null;
    if (v.length === 0) (errors ??= []).push(required);
    const hidden = INVISIBLE.test(v);
    if (hidden) (errors ??= []).push(invisible);
    // Code points, not UTF-16 units: only counted when the quick length says it might matter.
    if (v.length > max && [...v].length > max) (errors ??= []).push(tooLong);
    if (v.length > 0 && !hidden && !pattern.test(v)) (errors ??= []).push(charset);
    return errors ? { errors } : v;
  };
}

/** The shape of an address (after NFC and trimming); `ascii`: the stricter pattern of a visible-ASCII address. */
export function emailShapeOk(v: string, ascii: boolean): boolean {
  // A visible-ASCII address matching EMAIL_ASCII (tested last) matches EMAIL_SHAPE too.
  if ((!ascii && !EMAIL_SHAPE.test(v)) || v.includes('..')) return false;
  const at = v.lastIndexOf('@');
  if (at > 64 || v.charCodeAt(0) === 46 || v.charCodeAt(at - 1) === 46) return false;
  return ascii ? EMAIL_ASCII.test(v) : at < v.length - 1;
}

/** The email rule of a profile. */
export function emailRule(profile: PolicyProfile): Rule {
  const tooLong = `Email can have at most ${profile.emailMaxLength} characters.`;
  return (raw) => {
    const v = raw.normalize('NFC').trim();
    let errors: string[] | null = null;
    if (v.length === 0) (errors ??= []).push('Email is required.');
    const hidden = INVISIBLE.test(v);
    if (hidden) (errors ??= []).push('Email contains an invisible control character.');
    if (v.length > profile.emailMaxLength) (errors ??= []).push(tooLong);
    if (FULLWIDTH_AT.test(v)) (errors ??= []).push('Email contains a look-alike @ sign (full-width); type a plain @.');
    const ascii = ASCII_VISIBLE.test(v);
    if (profile.emailAsciiOnly && !ascii) (errors ??= []).push('Email must not contain umlauts or other non-ASCII characters.');
    if (profile.emailNoEdgeDotOrHyphen && EDGE_DOT_OR_HYPHEN.test(v)) (errors ??= []).push('Email must not start or end with a dot or a hyphen.');
    const shaped = v.length > 0 && !hidden && emailShapeOk(v, ascii);
    if (v.length > 0 && !hidden && !shaped) (errors ??= []).push('Email must look like name@example.com.');
    if (shaped && !ascii && !profile.emailAsciiOnly) {
      // Beyond ASCII: one domain per UTS #46, and no look-alike of another address before the @ (UTS #39).
      const at = v.lastIndexOf('@');
      const spoofing = NON_ASCII.test(v.slice(0, at)) ? localPartSpoofing(v.slice(0, at)) : null;
      if (spoofing) (errors ??= []).push(spoofing);
      if (domainToAscii(v.slice(at + 1)) === null) (errors ??= []).push('Email’s domain (after the @) is not a valid domain name.');
    }
    return errors ? { errors } : v;
  };
}

const USERNAME_FORBIDDEN = /[#/?\\]/;

/**
 * The username a user gets under the profile: none (`none`), the email (`email`), or the one given, else the email
 * (`separate`). The one rule for user creation, the bulk import and tenant creation.
 */
export function usernameOf(profile: Pick<PolicyProfile, 'usernameMode'>, email: string, username?: string | null): string | null {
  return profile.usernameMode === 'none' ? null : profile.usernameMode === 'email' ? email : username || email;
}

/** The username rule of a profile (for profiles with their own usernames). */
export function usernameRule(profile: PolicyProfile): Rule {
  const tooLong = `Username can have at most ${profile.usernameMaxLength} characters.`;
  return (raw) => {
    const v = raw.normalize('NFC').trim();
    let errors: string[] | null = null;
    if (v.length === 0) (errors ??= []).push('Username is required.');
    if (INVISIBLE.test(v) || WHITESPACE.test(v)) (errors ??= []).push('Username must not contain spaces or invisible characters.');
    if (v.length > profile.usernameMaxLength) (errors ??= []).push(tooLong);
    if (USERNAME_FORBIDDEN.test(v)) (errors ??= []).push('Username must not contain #, /, ? or \\.');
    return errors ? { errors } : v;
  };
}

/** A zod schema around a rule: the same value and the same messages. */
function schemaOf(rule: Rule, typeError?: string) {
  return z.pipe(
    typeError ? z.string({ error: typeError }) : z.string(),
    z.transform((raw: string, ctx) => {
      const r = rule(raw);
      if (typeof r === 'string') return r;
      for (const message of r.errors) ctx.issues.push({ code: 'custom', input: raw, message });
      return z.NEVER;
    }),
  );
}

export function nameSchema(profile: PolicyProfile, label: string) {
  return schemaOf(nameRule(profile, label), `${label} is required.`);
}

export function emailSchema(profile: PolicyProfile) {
  return schemaOf(emailRule(profile), 'Email is required.');
}

export function usernameSchema(profile: PolicyProfile) {
  return schemaOf(usernameRule(profile));
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
