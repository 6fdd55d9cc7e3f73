import * as z from 'zod/mini';
import { parseWithPapa, splitPlainText } from './import-split.js';
import type { MetadataJson } from 'libphonenumber-js/core';
import { emailKey, normalizeEmail, stripExcelApostrophe, usernameOf, usernameRule, type Rule } from './fields.js';
import { roleGrantRefusal } from './grants.js';
import { fastEmailRule, fastNameRule } from './fast-rules.js';
import type { PolicyProfile } from './profile.js';
import { userKinds, type UserKind } from './domain.js';
import { createPhoneChecker } from './phone-check.js';
import { toCsv } from './csv.js';

/**
 * Bulk import, shared by `<import-modal>` (in its worker) and `POST /v1/users/bulk-import`: the same parser, the
 * same column mapping and the same per-cell rules, so the preview and the server never disagree.
 */

export const importFields = ['firstName', 'lastName', 'email', 'phone', 'username', 'roles', 'groups', 'organization'] as const;
export type ImportField = (typeof importFields)[number];

/** Documented limits; beyond them the API answers 413 and the modal says so before sending anything. */
export const MAX_IMPORT_ROWS = 100_000;
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** A cell longer than this is refused outright (no field allows it) and never echoed back whole. */
export const MAX_IMPORT_CELL_CHARS = 1000;

export const importFieldLabels: Record<ImportField, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
  username: 'Username',
  roles: 'Roles',
  groups: 'Groups',
  organization: 'Organization',
};

// ---------------------------------------------------------------- decoding and parsing

/**
 * Bytes of a dropped file as text: UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, else Windows-1252,
 * which is what Excel on Windows writes for "CSV (comma delimited)".
 */
export function decodeImportBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // Some runtimes (Node without full ICU) decode windows-1252 as Latin-1; map 0x80–0x9F ourselves.
    const latin1 = new TextDecoder('latin1').decode(bytes);
    return latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
  }
}

/**
 * How many bytes `text` takes in UTF-8 — what `new TextEncoder().encode(text).length` says (a lone surrogate counts
 * as the 3 bytes of U+FFFD), without encoding 10 MB of text into a buffer only to read its length.
 */
export function utf8ByteLength(text: string): number {
  const n = text.length;
  let bytes = n;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** Windows-1252's characters at 0x80–0x9F (the rest of the code page is Latin-1). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

export type ImportSource = 'clipboard' | 'file' | 'api';

export interface ParsedTable {
  rows: string[][];
  delimiter: string;
  /** Problems that make the row boundaries untrustworthy: nothing can be imported while there are any. */
  errors: { row: number; message: string }[];
}

/** Counts a candidate delimiter in the first lines, outside quotes. */
function guessDelimiter(text: string): string {
  const sample = text.slice(0, 64 * 1024);
  const counts: Record<string, number> = { '\t': 0, ';': 0, ',': 0 };
  let inQuotes = false;
  let lines = 0;
  for (let i = 0; i < sample.length && lines < 20; i++) {
    const ch = sample[i]!;
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === '\n') lines++;
    else if (!inQuotes && ch in counts) counts[ch]! += 1;
  }
  // Tab wins whenever present (spreadsheet copies); otherwise the more frequent of ; and , (European Excel uses ;).
  if (counts['\t']! > 0) return '\t';
  return counts[';']! > counts[',']! ? ';' : ',';
}

/**
 * Parses pasted or uploaded text. Clipboard text from Excel or Google Sheets is always tab-separated; files
 * and API text may be CSV, semicolon CSV or TSV. CRLF, LF and mixed endings, a BOM, quoted fields with
 * delimiters, quotes and newlines are handled; blank rows are dropped.
 */
export function parseImportText(text: string, source: ImportSource = 'api'): ParsedTable {
  const errors: ParsedTable['errors'] = [];
  let input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (input.includes('\u0000') || /[\u0001-\u0008\u000e-\u001f]{4}/.test(input.slice(0, 4096))) {
    return { rows: [], delimiter: ',', errors: [{ row: 0, message: 'This is not text (it looks like a binary file). Save the sheet as CSV or copy the cells and paste them.' }] };
  }
  // The delimiter is guessed from the first 64 KB of the text with its line endings made \n; 128 KB before that hold them.
  const delimiter = source === 'clipboard' ? '\t' : guessDelimiter(input.slice(0, 128 * 1024).replace(/\r\n?/g, '\n'));
  const plain = splitPlainText(input, delimiter);
  if (plain) return { rows: plain, delimiter, errors };
  const result = parseWithPapa(input, delimiter);
  for (const e of result.errors) {
    if (e.code === 'UndetectableDelimiter') continue;
    const row = (e.row ?? 0) + 1;
    errors.push({
      row,
      message:
        e.code === 'MissingQuotes'
          ? `Row ${row}: a quoted cell is not closed (a " without its closing "). Close it or remove the quote.`
          : `Row ${row}: ${e.message}.`,
    });
  }
  return { rows: result.data, delimiter, errors };
}

// ---------------------------------------------------------------- column mapping

const headerWords: Record<ImportField, string[]> = {
  firstName: ['firstname', 'first', 'givenname', 'forename', 'fname', 'vorname', 'rufname'],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'lname', 'nachname', 'familienname', 'zuname'],
  email: ['email', 'emailaddress', 'mail', 'mailaddress', 'emailadresse', 'mailadresse', 'eposta', 'courriel'],
  phone: ['phone', 'phonenumber', 'telephone', 'tel', 'mobile', 'mobilephone', 'mobilenumber', 'cell', 'cellphone', 'telefon', 'telefonnummer', 'handy', 'handynummer', 'mobil', 'mobilnummer', 'rufnummer'],
  username: ['username', 'user', 'login', 'loginname', 'userid', 'benutzername', 'benutzer', 'anmeldename', 'nutzername'],
  roles: ['role', 'roles', 'rolle', 'rollen', 'userrole', 'userroles', 'securityrole'],
  groups: ['group', 'groups', 'accessgroup', 'accessgroups', 'gruppe', 'gruppen', 'zugriffsgruppe', 'zugriffsgruppen'],
  organization: ['organization', 'organisation', 'org', 'company', 'client', 'customer', 'organizationname', 'firma', 'kunde', 'unternehmen', 'mandant'],
};
const headerIndex = new Map<string, ImportField>();
for (const field of importFields) for (const word of headerWords[field]) headerIndex.set(word, field);

/** The field a header cell names ("E-Mail-Adresse", "First Name *", "Telefon (optional)"), or null. */
export function headerField(cell: string): ImportField | null {
  const key = cell
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\(.*?\)|\*/g, '')
    .replace(/[^a-z0-9]/g, '');
  return headerIndex.get(key) ?? null;
}

const looksLikeEmail = (v: string) => /^[^\s@]+[@\uFF20][^\s@]+\.[^\s@]+$/u.test(v.trim());
const looksLikePhone = (v: string) => /^'?\s*\+?[\d\s().\-/]{6,}$/.test(v.trim());

export interface ColumnMapping {
  hasHeader: boolean;
  /** One entry per column of the table: the field it fills, or null to ignore the column. */
  columns: (ImportField | null)[];
}

/**
 * A header row is recognised by its names (English or German, common variants); without one, columns are
 * inferred from their content (addresses, phone numbers, known role, group and organization names) and the
 * remaining text columns follow the profile's column order.
 */
export function detectColumns(
  rows: readonly (readonly string[])[],
  profile: Pick<PolicyProfile, 'importColumns'>,
  names: { roles?: readonly string[]; groups?: readonly string[]; organizations?: readonly string[] } = {},
): ColumnMapping {
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  const first = rows[0] ?? [];
  const fromHeader = first.map((c) => headerField(c));
  const nonEmpty = first.filter((c) => c.trim() !== '').length;
  const recognised = fromHeader.filter((f) => f !== null).length;
  const hasHeader = recognised > 0 && recognised * 2 >= nonEmpty && !first.some(looksLikeEmail);
  if (hasHeader) {
    const seen = new Set<ImportField>();
    const columns = Array.from({ length: width }, (_, i) => {
      const f = fromHeader[i] ?? null;
      if (!f || seen.has(f)) return null;
      seen.add(f);
      return f;
    });
    return { hasHeader, columns };
  }
  const sample = rows.slice(0, 200);
  const lower = (xs: readonly string[] | undefined) => new Set((xs ?? []).map((x) => x.trim().toLowerCase()));
  const sets = { roles: lower(names.roles), groups: lower(names.groups), organization: lower(names.organizations) };
  const columns: (ImportField | null)[] = Array.from({ length: width }, () => null);
  const used = new Set<ImportField>();
  const share = (i: number, test: (v: string) => boolean) => {
    const values = sample.map((r) => r[i] ?? '').filter((v) => v.trim() !== '');
    return values.length === 0 ? 0 : values.filter(test).length / values.length;
  };
  for (let i = 0; i < width; i++) {
    const candidates: [ImportField, (v: string) => boolean][] = [
      ['email', looksLikeEmail],
      ['phone', looksLikePhone],
      ['roles', (v) => v.split(/[,;|]/).every((x) => sets.roles.has(x.trim().toLowerCase()))],
      ['groups', (v) => v.split(/[,;|]/).every((x) => sets.groups.has(x.trim().toLowerCase()))],
      ['organization', (v) => sets.organization.has(v.trim().toLowerCase())],
    ];
    for (const [field, test] of candidates) {
      if (!used.has(field) && share(i, test) >= 0.6) {
        columns[i] = field;
        used.add(field);
        break;
      }
    }
  }
  const textOrder = profile.importColumns.filter((f) => (f === 'firstName' || f === 'lastName' || f === 'username') && !used.has(f));
  for (let i = 0; i < width && textOrder.length > 0; i++) {
    if (columns[i] === null && share(i, (v) => v.trim() !== '') > 0) columns[i] = textOrder.shift()!;
  }
  return { hasHeader, columns };
}

/** A row as it arrives: from the API's `rows`, or from a parsed table through a mapping. */
export interface ImportRowInput {
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  username?: string | null | undefined;
  roles?: string | readonly string[] | null | undefined;
  groups?: string | readonly string[] | null | undefined;
  organization?: string | null | undefined;
}

export function rowsFromTable(table: readonly (readonly string[])[], mapping: ColumnMapping): ImportRowInput[] {
  const body = mapping.hasHeader ? table.slice(1) : table;
  const out: ImportRowInput[] = new Array(body.length);
  for (let r = 0; r < body.length; r++) {
    const cells = body[r]!;
    const row: Record<string, string> = {};
    for (let i = 0; i < mapping.columns.length; i++) {
      const field = mapping.columns[i];
      if (field) row[field] = cells[i] ?? '';
    }
    out[r] = row;
  }
  return out;
}

// ---------------------------------------------------------------- validation

export interface ImportCatalog {
  roles: readonly { id: string; key: string | null; name: string; permissions: readonly string[] }[];
  groups: readonly { id: string; name: string }[];
  organizations: readonly { id: string; name: string }[];
  /** The importer's own permissions: a role holding any other permission cannot be given. */
  granted: ReadonlySet<string>;
}

export interface ImportOptions {
  profile: PolicyProfile;
  metadata: MetadataJson;
  kind: UserKind;
  catalog: ImportCatalog;
  /** End users: whether the import names an organization for rows whose Organization cell is empty. */
  hasDefaultOrganization?: boolean;
}

export interface ValidImportRow {
  firstName: string;
  lastName: string;
  email: string;
  emailNormalized: string;
  username: string | null;
  usernameNormalized: string | null;
  phone: string | null;
  roleIds: string[];
  groupIds: string[];
  /** From the organization column; null means "the import's organization". */
  organizationId: string | null;
}

export interface ImportCellIssue {
  field: ImportField;
  message: string;
}

export interface ImportRowResult {
  value: ValidImportRow | null;
  issues: ImportCellIssue[];
}

/** A leading =, +, - or @ (after any spaces, tabs or line breaks) makes a spreadsheet run the cell. */
const FORMULA = /^\s*[=+\-@]/;
const BLANK = /^\s*$/;
const formulaMessage = (label: string) =>
  `${label} starts with =, +, - or @, which a spreadsheet would run as a formula; remove that character.`;
const clip = (v: string) => (v.length > 40 ? `${v.slice(0, 40)}…` : v);

function listOf(v: string | readonly string[] | null | undefined): string[] {
  if (v === null || v === undefined) return [];
  const parts = typeof v === 'string' ? v.split(/[,;|]/) : [...v];
  return parts.map((x) => x.normalize('NFC').trim()).filter((x) => x !== '');
}

/** Shared empty lists of valid rows (never mutated: a list that gains an entry is copied first). */
const NO_ISSUES: ImportCellIssue[] = Object.freeze([]) as unknown as ImportCellIssue[];
const NO_IDS: string[] = Object.freeze([]) as unknown as string[];

/** Text of a cell, or null after recording why it cannot be used (too long, a formula); '' when empty. */
function cellOf(
  issues: ImportCellIssue[],
  required: ReadonlySet<ImportField>,
  field: ImportField,
  label: string,
  value: string | readonly string[] | null | undefined,
): string | null {
  const raw = value === null || value === undefined ? '' : typeof value === 'string' ? value : value.join(', ');
  if (raw.length > MAX_IMPORT_CELL_CHARS) {
    issues.push({ field, message: `${label} is ${raw.length.toLocaleString('en')} characters long; no ${label.toLowerCase()} is longer than ${MAX_IMPORT_CELL_CHARS}.` });
    return null;
  }
  // The common case without a regular expression: a cell starting with a visible ASCII character is not blank,
  // and a formula exactly when that character is =, +, - or @.
  const first = raw.charCodeAt(0);
  if (first > 32 && first < 127) {
    if (field !== 'phone' && (first === 61 || first === 43 || first === 45 || first === 64)) {
      issues.push({ field, message: formulaMessage(label) });
      return null;
    }
    return raw;
  }
  if (BLANK.test(raw)) {
    if (required.has(field)) issues.push({ field, message: `${label} is required.` });
    return '';
  }
  if (field !== 'phone' && FORMULA.test(raw)) {
    issues.push({ field, message: formulaMessage(label) });
    return null;
  }
  return raw;
}

/** Applies a field rule; the value, or null after recording its first (most specific) message for the cell. */
function ruled(issues: ImportCellIssue[], field: ImportField, rule: Rule, raw: string): string | null {
  const r = rule(raw);
  if (typeof r === 'string') return r;
  issues.push({ field, message: r.errors[0]! });
  return null;
}

/**
 * Builds the per-row validator once (rules and lookups), then validates rows one by one with the same field
 * rules as forms and the API. Duplicates inside the file are found by `validateImportRows`; existing users are
 * the server's single query.
 */
export function createImportRowValidator(o: ImportOptions): (row: ImportRowInput) => ImportRowResult {
  const { check, valid } = createRowCheck(o);
  return (row) => {
    const issues = check(row);
    return issues ? { value: null, issues } : { value: { ...valid }, issues: NO_ISSUES };
  };
}

/**
 * The validator's work: `check(row)` returns the row's issues (a fresh list), or null for a valid row whose values
 * it leaves in `valid` — one object, overwritten by the next valid row, so that a caller keeping no values
 * allocates nothing for a valid row.
 */
function createRowCheck(o: ImportOptions): { check: (row: ImportRowInput) => ImportCellIssue[] | null; valid: ValidImportRow } {
  const { profile, metadata, catalog } = o;
  const first = fastNameRule(profile, 'First name');
  const last = fastNameRule(profile, 'Last name');
  const email = fastEmailRule(profile);
  const username = usernameRule(profile);
  const checkPhone = createPhoneChecker(metadata);
  const required = new Set<ImportField>(profile.importRequiredColumns ?? ['firstName', 'lastName', 'email']);
  const roleByName = new Map<string, ImportCatalog['roles'][number]>();
  for (const r of catalog.roles) {
    roleByName.set(r.name.toLowerCase(), r);
    if (r.key) roleByName.set(r.key.toLowerCase(), r);
  }
  const groupByName = new Map(catalog.groups.map((g) => [g.name.toLowerCase(), g] as const));
  const orgByName = new Map(catalog.organizations.map((g) => [g.name.toLowerCase(), g] as const));
  const roleRefusal = new Map<string, string | null>();
  const refusalOf = (role: ImportCatalog['roles'][number]) => {
    let m = roleRefusal.get(role.id);
    if (m === undefined) {
      m = roleGrantRefusal(role, catalog.granted);
      roleRefusal.set(role.id, m);
    }
    return m;
  };

  // One scratch list reused for every row: a valid row (the common case) allocates no issue list at all.
  const issues: ImportCellIssue[] = [];
  const valid: ValidImportRow = {
    firstName: '',
    lastName: '',
    email: '',
    emailNormalized: '',
    username: null,
    usernameNormalized: null,
    phone: null,
    roleIds: NO_IDS,
    groupIds: NO_IDS,
    organizationId: null,
  };
  const check = (row: ImportRowInput): ImportCellIssue[] | null => {
    issues.length = 0;
    const f = cellOf(issues, required, 'firstName', 'First name', row.firstName);
    const firstName = f ? ruled(issues, 'firstName', first, f) : null;
    const l = cellOf(issues, required, 'lastName', 'Last name', row.lastName);
    const lastName = l ? ruled(issues, 'lastName', last, l) : null;
    const e = cellOf(issues, required, 'email', 'Email', row.email);
    const emailValue = e ? ruled(issues, 'email', email, e) : null;

    let usernameValue: string | null = null;
    const u = cellOf(issues, required, 'username', 'Username', row.username);
    if (u) {
      if (profile.usernameMode !== 'separate') {
        issues.push({ field: 'username', message: profile.usernameMode === 'email' ? 'This tenant uses the email as the username; leave Username empty.' : 'This tenant does not use usernames; leave Username empty.' });
      } else {
        usernameValue = ruled(issues, 'username', username, u);
      }
    }

    let phone: string | null = null;
    const p = cellOf(issues, required, 'phone', 'Phone', row.phone);
    const phoneText = p ? stripExcelApostrophe(p) : '';
    if (phoneText !== '') {
      if (profile.phoneMode === 'hidden') issues.push({ field: 'phone', message: 'This tenant does not collect phone numbers; leave Phone empty.' });
      else if (phoneText.charCodeAt(0) === 61 || phoneText.charCodeAt(0) === 64) issues.push({ field: 'phone', message: formulaMessage('Phone') });
      else {
        const r = checkPhone(phoneText);
        if (r.ok) phone = r.value;
        else issues.push({ field: 'phone', message: r.message });
      }
    }

    let roleIds: string[] = NO_IDS;
    const rolesRaw = cellOf(issues, required, 'roles', 'Roles', row.roles);
    if (rolesRaw) {
      for (const name of listOf(rolesRaw)) {
        const role = roleByName.get(name.toLowerCase());
        if (!role) {
          issues.push({ field: 'roles', message: `There is no role named “${clip(name)}”.` });
          continue;
        }
        const refusal = refusalOf(role);
        if (refusal) issues.push({ field: 'roles', message: refusal });
        else if (!roleIds.includes(role.id)) roleIds = [...roleIds, role.id];
      }
    }
    let groupIds: string[] = NO_IDS;
    const groupsRaw = cellOf(issues, required, 'groups', 'Groups', row.groups);
    if (groupsRaw) {
      for (const name of listOf(groupsRaw)) {
        const group = groupByName.get(name.toLowerCase());
        if (!group) issues.push({ field: 'groups', message: `There is no access group named “${clip(name)}”.` });
        else if (!groupIds.includes(group.id)) groupIds = [...groupIds, group.id];
      }
    }
    let organizationId: string | null = null;
    const orgRaw = cellOf(issues, required, 'organization', 'Organization', row.organization);
    if (orgRaw) {
      if (o.kind === 'technician') issues.push({ field: 'organization', message: 'Technicians do not belong to an organization; leave Organization empty.' });
      else {
        const org = orgByName.get(orgRaw.normalize('NFC').trim().toLowerCase());
        if (!org) issues.push({ field: 'organization', message: `There is no organization named “${clip(orgRaw.trim())}” that you can see.` });
        else organizationId = org.id;
      }
    } else if (o.kind === 'end_user' && !o.hasDefaultOrganization && orgRaw === '') {
      issues.push({ field: 'organization', message: 'End users need an organization: choose one for the import or fill the Organization column.' });
    }

    if (issues.length > 0 || firstName === null || lastName === null || emailValue === null) return issues.slice();
    const finalUsername = usernameOf(profile, emailValue, usernameValue);
    const emailNormalized = emailKey(emailValue);
    valid.firstName = firstName;
    valid.lastName = lastName;
    valid.email = emailValue;
    valid.emailNormalized = emailNormalized;
    valid.username = finalUsername;
    valid.usernameNormalized = finalUsername === emailValue ? emailNormalized : finalUsername ? normalizeEmail(finalUsername) : null;
    valid.phone = phone;
    valid.roleIds = roleIds;
    valid.groupIds = groupIds;
    valid.organizationId = organizationId;
    return null;
  };
  return { check, valid };
}

export interface ImportValidation {
  results: ImportRowResult[];
  invalidRows: number;
}

/**
 * Validates every row and marks duplicates inside the file (case-insensitive email, and username): the later
 * row is the one marked, naming the earlier. `onProgress` is called every `progressEvery` rows.
 */
export function validateImportRows(
  rows: readonly ImportRowInput[],
  o: ImportOptions,
  progress?: { every: number; onProgress: (done: number) => void },
  /** `false` (the browser's worker): valid rows keep no value, only whether they have issues. */
  keepValues = true,
): ImportValidation {
  const { check, valid: v } = createRowCheck(o);
  const results: ImportRowResult[] = new Array(rows.length);
  const emails = new Map<string, number>();
  const usernames = new Map<string, number>();
  let invalidRows = 0;
  for (let i = 0; i < rows.length; i++) {
    const bad = check(rows[i]!);
    let r: ImportRowResult;
    if (bad) r = { value: null, issues: bad };
    else {
      let issues = NO_ISSUES;
      const earlier = emails.get(v.emailNormalized);
      if (earlier !== undefined) issues = [{ field: 'email', message: `The same email as row ${earlier + 1} (emails are compared without case).` }];
      else emails.set(v.emailNormalized, i);
      if (v.usernameNormalized && v.usernameNormalized !== v.emailNormalized) {
        const before = usernames.get(v.usernameNormalized);
        if (before !== undefined) issues = [...issues, { field: 'username', message: `The same username as row ${before + 1}.` }];
        else usernames.set(v.usernameNormalized, i);
      }
      r = issues.length > 0 ? { value: null, issues } : keepValues ? { value: { ...v }, issues: NO_ISSUES } : VALID_ROW;
    }
    if (r.issues.length > 0) invalidRows++;
    results[i] = r;
    if (progress && (i + 1) % progress.every === 0) progress.onProgress(i + 1);
  }
  return { results, invalidRows };
}
const VALID_ROW: ImportRowResult = Object.freeze({ value: null, issues: NO_ISSUES });

// ---------------------------------------------------------------- request and response

export const importModes = ['atomic', 'per-row'] as const;
export type ImportMode = (typeof importModes)[number];

const Cell = z.optional(z.nullable(z.string()));
const ListCell = z.optional(z.nullable(z.union([z.string(), z.array(z.string()).check(z.maxLength(50))])));

export const ImportRowInputSchema = z.strictObject({
  firstName: Cell,
  lastName: Cell,
  email: Cell,
  phone: Cell,
  username: Cell,
  roles: ListCell,
  groups: ListCell,
  organization: Cell,
});

/** `POST /v1/users/bulk-import`. Exactly one of `text` and `rows`. */
export const BulkImportRequestSchema = z
  .strictObject({
    kind: z.enum(userKinds),
    organizationId: z.optional(z.nullable(z.uuid({ error: 'Must be an ID (a UUID).' }))),
    mode: z.optional(z.enum(importModes)),
    /** CSV or TSV exactly as pasted or read from a file; a first row of headers is recognised. */
    text: z.optional(z.string()),
    /** How `text` was obtained: `clipboard` text is always tab-separated. */
    source: z.optional(z.enum(['clipboard', 'file', 'api'])),
    /** For `text`: the field of each column (null to ignore it), overriding the detected mapping. */
    columns: z.optional(z.array(z.nullable(z.enum(importFields))).check(z.maxLength(100))),
    /** For `text`: whether the first row holds headers, overriding the detection. */
    hasHeader: z.optional(z.boolean()),
    rows: z.optional(z.array(ImportRowInputSchema)),
    /** Confirms adding technician seats beyond the cap (each recorded as seat.added). */
    confirmAddSeats: z.optional(z.boolean()),
  })
  .check(
    z.superRefine((v, ctx) => {
      if ((v.text === undefined) === (v.rows === undefined)) {
        ctx.issues.push({ code: 'custom', input: v, path: ['text'], message: 'Send either text (pasted CSV or TSV) or rows, not both and not neither.' });
      }
    }),
  );
export type BulkImportRequest = z.input<typeof BulkImportRequestSchema>;

/** The `Idempotency-Key` header of an import: what a retry sends again to import once. */
export const IdempotencyKeySchema = z.string().check(z.regex(/^[\x21-\x7e]{1,200}$/, { error: 'Must be 1 to 200 visible ASCII characters.' }));

export const BulkImportQuerySchema = z.strictObject({
  /** `true`: run the very same validation and write nothing. */
  dryRun: z.optional(z.enum(['true', 'false'], { error: 'Must be true or false.' })),
});

export const ImportRowOutcomeSchema = z.object({
  /** Index of the row in `rows` (or among the data rows of `text`), from 0. */
  row: z.number(),
  status: z.enum(['imported', 'skipped', 'failed']),
  userId: z.optional(z.string()),
  email: z.optional(z.string()),
  issues: z.optional(z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() }))),
});
export type ImportRowOutcome = z.infer<typeof ImportRowOutcomeSchema>;

export const BulkImportResponseSchema = z.object({
  dryRun: z.boolean(),
  mode: z.enum(importModes),
  imported: z.number(),
  skipped: z.number(),
  failed: z.number(),
  results: z.array(ImportRowOutcomeSchema),
});
export type BulkImportResponse = z.infer<typeof BulkImportResponseSchema>;

// ---------------------------------------------------------------- template

/** The downloadable template for a tenant's profile: a CSV with the header row and a README of the rules. */
export function importTemplate(profile: PolicyProfile, kind: UserKind): { csv: string; readme: string } {
  const columns = profile.importColumns.filter((c) => !(c === 'phone' && profile.phoneMode === 'hidden') && !(c === 'username' && profile.usernameMode !== 'separate'));
  const required = new Set(profile.importRequiredColumns ?? ['firstName', 'lastName', 'email']);
  const example: Record<string, string> = {
    firstName: 'Anna',
    lastName: 'Berg',
    email: 'anna.berg@example.com',
    phone: '+49 30 901820',
    username: 'anna.berg',
    roles: kind === 'technician' ? 'User' : '',
    groups: '',
  };
  const csv = toCsv([columns.map((c) => importFieldLabels[c]), columns.map((c) => example[c] ?? '')]);
  const rule = (c: (typeof columns)[number]): string => {
    switch (c) {
      case 'firstName':
      case 'lastName':
        return profile.nameCharset === 'letters'
          ? `letters only (any alphabet, with umlauts), words separated by single spaces; at most ${profile.nameMaxLength} characters`
          : `letters, digits, spaces, dashes and apostrophes, starting with a letter or digit; at most ${profile.nameMaxLength} characters`;
      case 'email':
        return `a valid address, at most ${profile.emailMaxLength} characters${profile.emailAsciiOnly ? ', no umlauts' : ''}${profile.emailNoEdgeDotOrHyphen ? ', not starting or ending with . or -' : ''}; unique in your account (case does not matter)`;
      case 'phone':
        return 'optional; with + and the country code, e.g. +1 888 667 8888 (a leading apostrophe from Excel is fine); checked by that country’s rules';
      case 'username':
        return `no spaces, no # / ? \\; at most ${profile.usernameMaxLength} characters; the email when empty`;
      case 'roles':
        return 'role names separated by commas; only roles you may give';
      case 'groups':
        return 'access group names separated by commas';
    }
  };
  const readme = [
    `Roster bulk import — ${kind === 'technician' ? 'technicians' : 'end users'}`,
    '',
    'Save the sheet as CSV (comma or semicolon) or copy the cells and paste them into the import window.',
    'Keep the header row; its names may be in English or German, in any order.',
    '',
    'Columns:',
    ...columns.map((c) => `- ${importFieldLabels[c]}${required.has(c) ? ' (required)' : ''}: ${rule(c)}`),
    '',
    `At most ${MAX_IMPORT_ROWS.toLocaleString('en')} rows and ${MAX_IMPORT_BYTES / 1024 / 1024} MB per import.`,
    profile.importMode === 'atomic'
      ? 'The import is all-or-nothing: if any row has an error, nobody is imported and every error is listed.'
      : 'Each row is imported on its own: rows whose email already exists are skipped, rows with errors fail, the rest are imported.',
    'Cells must not start with =, +, - or @ (spreadsheet formulas), except a phone number’s +.',
    'Everyone imported gets an invitation email.',
    '',
  ].join('\r\n');
  return { csv, readme };
}
