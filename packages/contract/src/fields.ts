import * as z from 'zod/mini';
import type { MetadataJson, PhoneNumber } from 'libphonenumber-js/core';
import type { PolicyProfile } from './profile.js';
import { domainToAscii, localPartSpoofing } from './email-identity.js';
import { checkOptions, issueParams, ruleMessage, type RuleMessage } from './messages/index.js';
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

/** A field rule's verdict: the normalized value when valid, else every message that applies (id, params, English). */
export interface RuleFailure {
  errors: RuleMessage[];
}
export type Rule = (raw: string) => string | RuleFailure;

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;
const EMAIL_ASCII = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const ASCII_VISIBLE = /^[\x21-\x7e]*$/;
const FULLWIDTH_AT = /[\uFF20\uFE6B]/u;
const EDGE_DOT_OR_HYPHEN = /^[.-]|[.-]$/;
const WHITESPACE = /\s/u;

/** The fields a name rule checks (their names come from the message catalogues: `field.firstName`…). */
export type NameField = 'firstName' | 'lastName';

/** The name rule (first and last names), built once per profile and field; forms, API and import share it. */
export function nameRule(profile: PolicyProfile, field: NameField): Rule {
  const pattern = profile.nameCharset === 'letters' ? LETTERS_ONLY : INTERNATIONAL;
  const max = profile.nameMaxLength;
  const required = ruleMessage('field.required', { field });
  const invisible = ruleMessage('name.invisible', { field });
  const tooLong = ruleMessage('name.too_long', { field, max });
  const charset = ruleMessage(profile.nameCharset === 'letters' ? 'name.letters_only' : 'name.international', { field });
  return (raw) => {
    const v = normalizeText(raw);
    let errors: RuleMessage[] | null = null;
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

const EMAIL_REQUIRED = ruleMessage('field.required', { field: 'email' });
const USERNAME_REQUIRED = ruleMessage('field.required', { field: 'username' });

/** The email rule of a profile. */
export function emailRule(profile: PolicyProfile): Rule {
  const tooLong = ruleMessage('email.too_long', { max: profile.emailMaxLength });
  return (raw) => {
    const v = raw.normalize('NFC').trim();
    let errors: RuleMessage[] | null = null;
    if (v.length === 0) (errors ??= []).push(EMAIL_REQUIRED);
    const hidden = INVISIBLE.test(v);
    if (hidden) (errors ??= []).push(ruleMessage('email.invisible'));
    if (v.length > profile.emailMaxLength) (errors ??= []).push(tooLong);
    if (FULLWIDTH_AT.test(v)) (errors ??= []).push(ruleMessage('email.fullwidth_at'));
    const ascii = ASCII_VISIBLE.test(v);
    if (profile.emailAsciiOnly && !ascii) (errors ??= []).push(ruleMessage('email.non_ascii'));
    if (profile.emailNoEdgeDotOrHyphen && EDGE_DOT_OR_HYPHEN.test(v)) (errors ??= []).push(ruleMessage('email.edge_dot_or_hyphen'));
    const shaped = v.length > 0 && !hidden && emailShapeOk(v, ascii);
    if (v.length > 0 && !hidden && !shaped) (errors ??= []).push(ruleMessage('email.shape'));
    if (shaped && !ascii && !profile.emailAsciiOnly) {
      // Beyond ASCII: one domain per UTS #46, and no look-alike of another address before the @ (UTS #39).
      const at = v.lastIndexOf('@');
      const spoofing = NON_ASCII.test(v.slice(0, at)) ? localPartSpoofing(v.slice(0, at)) : null;
      if (spoofing) (errors ??= []).push(spoofing);
      if (domainToAscii(v.slice(at + 1)) === null) (errors ??= []).push(ruleMessage('email.domain_invalid'));
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
  const tooLong = ruleMessage('username.too_long', { max: profile.usernameMaxLength });
  return (raw) => {
    const v = raw.normalize('NFC').trim();
    let errors: RuleMessage[] | null = null;
    if (v.length === 0) (errors ??= []).push(USERNAME_REQUIRED);
    if (INVISIBLE.test(v) || WHITESPACE.test(v)) (errors ??= []).push(ruleMessage('username.spaces'));
    if (v.length > profile.usernameMaxLength) (errors ??= []).push(tooLong);
    if (USERNAME_FORBIDDEN.test(v)) (errors ??= []).push(ruleMessage('username.forbidden_characters'));
    return errors ? { errors } : v;
  };
}

/** A zod issue carrying a rule's message: the English text as `message`, the id and parameters in `params`. */
export function ruleIssue(m: RuleMessage, input: unknown, path?: PropertyKey[]) {
  return { code: 'custom' as const, input, message: m.message, params: issueParams(m), ...(path ? { path } : {}) };
}

/** A zod schema around a rule: the same value and the same messages. */
function schemaOf(rule: Rule, typeError?: RuleMessage) {
  return z.pipe(
    typeError ? z.string({ error: checkOptions(typeError).error }) : z.string(),
    z.transform((raw: string, ctx) => {
      const r = rule(raw);
      if (typeof r === 'string') return r;
      for (const m of r.errors) ctx.issues.push(ruleIssue(m, raw));
      return z.NEVER;
    }),
  );
}

export function nameSchema(profile: PolicyProfile, field: NameField) {
  return schemaOf(nameRule(profile, field), ruleMessage('field.required', { field }));
}

export function emailSchema(profile: PolicyProfile) {
  return schemaOf(emailRule(profile), EMAIL_REQUIRED);
}

export function usernameSchema(profile: PolicyProfile) {
  return schemaOf(usernameRule(profile));
}

const PHONE_COUNTRY_CODE_MISSING = ruleMessage('phone.country_code_missing');
/** The verdict on a number whose calling code names no country it is valid for. */
export const PHONE_INVALID = ruleMessage('phone.invalid');

/** libphonenumber-js's `parsePhoneNumberFromString`, installed by ./phone-metadata.ts with the metadata it needs. */
export type PhoneParser = (text: string, metadata: MetadataJson) => PhoneNumber | undefined;
let parsePhone: PhoneParser | undefined;

/** Installs the phone parser; ./phone-metadata.ts calls it when it loads (whoever has metadata has the parser). */
export function providePhoneParser(parser: PhoneParser): void {
  parsePhone = parser;
}

/** One phone rule for forms, the API and the import: the value with its country code, or why it is not valid. */
export function checkPhone(raw: string, metadata: MetadataJson): { ok: true; value: string } | { ok: false; message: RuleMessage } {
  const value = stripExcelApostrophe(raw);
  if (!value.startsWith('+')) return { ok: false, message: PHONE_COUNTRY_CODE_MISSING };
  if (!parsePhone) throw new Error('The phone rules are not loaded yet (import @roster/contract/phone-metadata first).');
  const parsed = parsePhone(value, metadata);
  if (!parsed || !parsed.isValid()) {
    return { ok: false, message: parsed?.country ? ruleMessage('phone.invalid_for_country', { country: parsed.country }) : PHONE_INVALID };
  }
  return { ok: true, value: parsed.number };
}

/**
 * A number that can receive text messages (the sign-in codes of `sms`): valid by `checkPhone`, and a mobile number
 * by its country's numbering plan — or a number the plan does not tell apart (`FIXED_LINE_OR_MOBILE`, as in the US).
 */
export function checkMobilePhone(raw: string, metadata: MetadataJson): { ok: true; value: string } | { ok: false; message: RuleMessage } {
  const r = checkPhone(raw, metadata);
  if (!r.ok) return r;
  const type = parsePhone!(r.value, metadata)?.getType();
  if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') return { ok: false, message: ruleMessage('phone.not_mobile') };
  return r;
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
      ctx.issues.push(ruleIssue(r.message, raw));
      return z.NEVER;
    }),
  );
}
