import type { MetadataJson } from 'libphonenumber-js/core';
import { emailKey, normalizeEmail, stripExcelApostrophe, usernameOf, usernameRule } from '../fields.js';
import { ACCESS_SETTINGS_PERMISSION, permissionsNotHeld } from '../grants.js';
import { permissions as permissionCatalogue } from '../permission-keys.js';
import { defaultRoleApplies, roleCountRefusal } from '../role-count.js';
import { ruleMessage, type RuleMessage } from '../messages/index.js';
import type { PolicyProfile } from '../profile.js';
import type { SignInMethod, UserKind } from '../domain.js';
import { isAvailableSignInMethod } from '../sign-in-methods.js';
import { signInMethodOfCell } from './sign-in-method-cell.js';
import { EXTERNAL_ID_MAX, importedHashAlgorithmOf, importedTotpSecretOf } from './migrated-credentials.js';
import { importRequiredColumnsOf, type ImportField } from './columns.js';
import type { ImportRowInput } from './detect-columns.js';
import { cellIssue, cellOf, clip, formulaMessage, listOf, NO_IDS, NO_ISSUES, ruled, type ImportCellIssue } from './cells.js';
import { fastEmailRule, fastNameRule } from './fast-rules.js';
import { createPhoneChecker } from './phone-check.js';
import { attributeCell, attributeColumn, type ImportAttribute } from './attribute-cells.js';
import type { AttributeValues } from '../attributes.js';

/**
 * `roleGrantRefusal` (../grants.ts) for a grant, as a contract message: the import's cell issue, in the reader's
 * language. Kept apart from grants.ts, which `<role-picker>` loads up front without the message catalogue.
 */
function roleGrantRefusalMessage(role: { key: string | null; name: string; permissions: readonly string[] }, held: { has(permission: string): boolean }): RuleMessage | null {
  if (role.key === 'root_admin') return ruleMessage('role.root_admin_only');
  const missing = permissionsNotHeld(held, role.permissions);
  return missing.length > 0 ? ruleMessage('role.lacks_permissions', { role: role.name, permissions: missing.join(', ') }) : null;
}

/**
 * Row validation: every cell through the same field rules as forms and the API, role, group and organization names
 * against the catalogue, and duplicates inside the file.
 */

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
  /** The tenant's custom attributes: each row's values are checked by their definitions, the required ones must be there. */
  attributes?: readonly ImportAttribute[] | undefined;
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
  /** Explicit permissions beyond the roles' (each one the importer holds). */
  permissions: string[];
  /** "All Module Access": on unless the row turns it off. */
  allModules: boolean;
  /** The sign-in method the row chose; null means "the profile's default". */
  signInMethod: SignInMethod | null;
  /** The user's id in the system the users come from (unique in the tenant), or null. */
  externalId: string | null;
  /** An existing password hash, exactly as given (its format checked, never verified here), or null. */
  passwordHash: string | null;
  /** An existing TOTP secret, canonical base32 (upper case, no spaces or padding), or null. */
  totpSecret: string | null;
  /** The row's custom attribute values by key (only those given), or null for none. */
  attributes: AttributeValues | null;
}

export interface ImportRowResult {
  value: ValidImportRow | null;
  issues: ImportCellIssue[];
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
  const first = fastNameRule(profile, 'firstName');
  const last = fastNameRule(profile, 'lastName');
  const email = fastEmailRule(profile);
  const username = usernameRule(profile);
  const checkPhone = createPhoneChecker(metadata);
  const required = new Set<ImportField>(importRequiredColumnsOf(profile, o.kind));
  const roleByName = new Map<string, ImportCatalog['roles'][number]>();
  for (const r of catalog.roles) {
    roleByName.set(r.name.toLowerCase(), r);
    if (r.key) roleByName.set(r.key.toLowerCase(), r);
  }
  // Group names as the profile says: exactly as written (KaseyaOne's CSV: "case-sensitive and must match exactly"), or in any case.
  const groupKey = profile.groupNameMatch === 'exact' ? (name: string) => name.normalize('NFC') : (name: string) => name.normalize('NFC').toLowerCase();
  const groupByName = new Map(catalog.groups.map((g) => [groupKey(g.name), g] as const));
  const defaultApplies = defaultRoleApplies(profile, o.kind);
  const orgByName = new Map(catalog.organizations.map((g) => [g.name.toLowerCase(), g] as const));
  const knownPermissions = new Set<string>(permissionCatalogue);
  const givesAccessSettings = catalog.granted.has(ACCESS_SETTINGS_PERMISSION);
  const roleRefusal = new Map<string, RuleMessage | null>();
  const refusalOf = (role: ImportCatalog['roles'][number]) => {
    let m = roleRefusal.get(role.id);
    if (m === undefined) {
      m = roleGrantRefusalMessage(role, catalog.granted);
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
    permissions: NO_IDS,
    allModules: true,
    signInMethod: null,
    externalId: null,
    passwordHash: null,
    totpSecret: null,
    attributes: null,
  };
  const attributeDefs = o.attributes ?? [];
  const attributeByKey = new Map(attributeDefs.map((d) => [d.key, d] as const));
  const check = (row: ImportRowInput): ImportCellIssue[] | null => {
    issues.length = 0;
    const f = cellOf(issues, required, 'firstName', row.firstName);
    const firstName = f ? ruled(issues, 'firstName', first, f) : null;
    const l = cellOf(issues, required, 'lastName', row.lastName);
    const lastName = l ? ruled(issues, 'lastName', last, l) : null;
    const e = cellOf(issues, required, 'email', row.email);
    const emailValue = e ? ruled(issues, 'email', email, e) : null;

    let usernameValue: string | null = null;
    const u = cellOf(issues, required, 'username', row.username);
    if (u) {
      if (profile.usernameMode !== 'separate') {
        issues.push(cellIssue('username', ruleMessage(profile.usernameMode === 'email' ? 'import.username_is_email' : 'import.username_not_used')));
      } else {
        usernameValue = ruled(issues, 'username', username, u);
      }
    }

    let phone: string | null = null;
    const p = cellOf(issues, required, 'phone', row.phone);
    const phoneText = p ? stripExcelApostrophe(p) : '';
    if (phoneText !== '') {
      if (profile.phoneMode === 'hidden') issues.push(cellIssue('phone', ruleMessage('import.phone_not_collected')));
      else if (phoneText.charCodeAt(0) === 61 || phoneText.charCodeAt(0) === 64) issues.push(cellIssue('phone', formulaMessage('phone')));
      else {
        const r = checkPhone(phoneText);
        if (r.ok) phone = r.value;
        else issues.push(cellIssue('phone', r.message));
      }
    }

    let roleIds: string[] = NO_IDS;
    const rolesRaw = cellOf(issues, required, 'roles', row.roles);
    if (rolesRaw !== null) {
      const names = listOf(rolesRaw);
      // Exactly one role where the profile says so; an empty required cell is already "Roles is required".
      const count = new Set(names.map((n) => n.toLowerCase())).size;
      const refusal = count === 0 && required.has('roles') ? null : roleCountRefusal(profile, count, defaultApplies);
      if (refusal) issues.push(cellIssue('roles', refusal));
      for (const name of names) {
        const role = roleByName.get(name.toLowerCase());
        if (!role) {
          issues.push(cellIssue('roles', ruleMessage('import.unknown_role', { name: clip(name) })));
          continue;
        }
        const refusal = refusalOf(role);
        if (refusal) issues.push(cellIssue('roles', refusal));
        else if (!roleIds.includes(role.id)) roleIds = [...roleIds, role.id];
      }
    }
    let groupIds: string[] = NO_IDS;
    const groupsRaw = cellOf(issues, required, 'groups', row.groups);
    if (groupsRaw) {
      for (const name of listOf(groupsRaw)) {
        const group = groupByName.get(groupKey(name));
        if (!group) issues.push(cellIssue('groups', ruleMessage('import.unknown_group', { name: clip(name) })));
        else if (!groupIds.includes(group.id)) groupIds = [...groupIds, group.id];
      }
    }
    if (groupIds.length > 0 && !givesAccessSettings) issues.push(cellIssue('groups', ruleMessage('import.access_needs_roles_manage')));
    let permissions: string[] = NO_IDS;
    const permissionsRaw = cellOf(issues, required, 'permissions', row.permissions);
    if (permissionsRaw) {
      for (const name of listOf(permissionsRaw)) {
        const key = name.toLowerCase();
        if (!knownPermissions.has(key)) issues.push(cellIssue('permissions', ruleMessage('import.unknown_permission', { name: clip(name) })));
        else if (permissionsNotHeld(catalog.granted, [key]).length > 0) issues.push(cellIssue('permissions', ruleMessage('import.permission_not_held', { name: key })));
        else if (!permissions.includes(key)) permissions = [...permissions, key];
      }
    }
    let allModules = true;
    const allRaw = cellOf(issues, required, 'allModules', typeof row.allModules === 'boolean' ? String(row.allModules) : row.allModules);
    if (allRaw) {
      const flag = ALL_MODULES_WORDS.get(allRaw.trim().toLowerCase());
      if (flag === undefined) issues.push(cellIssue('allModules', ruleMessage('import.all_modules_value')));
      else if (!flag && !givesAccessSettings) issues.push(cellIssue('allModules', ruleMessage('import.access_needs_roles_manage')));
      else allModules = flag;
    }
    let signInMethod: SignInMethod | null = null;
    const methodRaw = cellOf(issues, required, 'signInMethod', row.signInMethod);
    if (methodRaw) {
      const method = signInMethodOfCell(methodRaw);
      if (method === null) issues.push(cellIssue('signInMethod', ruleMessage('import.sign_in_method_value', { field: 'signInMethod' })));
      else if (!isAvailableSignInMethod(method)) issues.push(cellIssue('signInMethod', ruleMessage('import.sign_in_method_unavailable', { field: 'signInMethod', name: clip(methodRaw.trim()) })));
      else signInMethod = method;
    }
    let externalId: string | null = null;
    const externalRaw = cellOf(issues, required, 'externalId', row.externalId);
    if (externalRaw) {
      const id = externalRaw.trim();
      if (id.length > EXTERNAL_ID_MAX) issues.push(cellIssue('externalId', ruleMessage('value.max_characters', { max: EXTERNAL_ID_MAX })));
      else externalId = id;
    }
    let passwordHash: string | null = null;
    const hashRaw = cellOf(issues, required, 'passwordHash', row.passwordHash);
    if (hashRaw) {
      const hash = hashRaw.trim();
      const r = importedHashAlgorithmOf(hash);
      if ('error' in r) issues.push(cellIssue('passwordHash', r.error));
      else passwordHash = hash;
    }
    let totpSecret: string | null = null;
    const totpRaw = cellOf(issues, required, 'totpSecret', row.totpSecret);
    if (totpRaw) {
      const r = importedTotpSecretOf(totpRaw);
      if ('error' in r) issues.push(cellIssue('totpSecret', r.error));
      // The secret is the authenticator app's: the row's method must be it (or, left empty, become it).
      else if (signInMethod !== null && signInMethod !== 'totp') issues.push(cellIssue('signInMethod', ruleMessage('value.one_of', { values: 'totp' })));
      else totpSecret = r.secret;
    }
    let organizationId: string | null = null;
    const orgRaw = cellOf(issues, required, 'organization', row.organization);
    if (orgRaw) {
      if (o.kind === 'technician') issues.push(cellIssue('organization', ruleMessage('import.technician_organization')));
      else {
        const org = orgByName.get(orgRaw.normalize('NFC').trim().toLowerCase());
        if (!org) issues.push(cellIssue('organization', ruleMessage('import.unknown_organization', { name: clip(orgRaw.trim()) })));
        else organizationId = org.id;
      }
    } else if (o.kind === 'end_user' && !o.hasDefaultOrganization && orgRaw === '') {
      issues.push(cellIssue('organization', ruleMessage('import.organization_required')));
    }

    let attributes: AttributeValues | null = null;
    const given = row.attributes;
    if (given) for (const key in given) if (!attributeByKey.has(key)) issues.push(cellIssue(attributeColumn(key), ruleMessage('value.unknown_field')));
    for (const d of attributeDefs) {
      const r = attributeCell(d, given?.[d.key]);
      if (r === undefined) {
        if (d.required) issues.push(cellIssue(attributeColumn(d.key), ruleMessage('field.required', { field: d.key })));
      } else if ('error' in r) issues.push(cellIssue(attributeColumn(d.key), r.error));
      else (attributes ??= {})[d.key] = r.value;
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
    valid.permissions = permissions;
    valid.allModules = allModules;
    valid.signInMethod = totpSecret !== null ? 'totp' : signInMethod;
    valid.externalId = externalId;
    valid.passwordHash = passwordHash;
    valid.totpSecret = totpSecret;
    valid.attributes = attributes;
    return null;
  };
  return { check, valid };
}

/** The words of an "All Module Access" cell (English and German, as the header row may be). */
const ALL_MODULES_WORDS = new Map<string, boolean>([
  ['yes', true], ['y', true], ['true', true], ['1', true], ['ja', true], ['j', true],
  ['no', false], ['n', false], ['false', false], ['0', false], ['nein', false],
]);

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
  const externalIds = new Map<string, number>();
  let invalidRows = 0;
  for (let i = 0; i < rows.length; i++) {
    const bad = check(rows[i]!);
    let r: ImportRowResult;
    if (bad) r = { value: null, issues: bad };
    else {
      let issues = NO_ISSUES;
      const earlier = emails.get(v.emailNormalized);
      if (earlier !== undefined) issues = [cellIssue('email', ruleMessage('import.duplicate_email', { row: earlier + 1 }))];
      else emails.set(v.emailNormalized, i);
      if (v.usernameNormalized && v.usernameNormalized !== v.emailNormalized) {
        const before = usernames.get(v.usernameNormalized);
        if (before !== undefined) issues = [...issues, cellIssue('username', ruleMessage('import.duplicate_username', { row: before + 1 }))];
        else usernames.set(v.usernameNormalized, i);
      }
      if (v.externalId !== null) {
        const before = externalIds.get(v.externalId);
        if (before !== undefined) issues = [...issues, cellIssue('externalId', ruleMessage('value.repeated'))];
        else externalIds.set(v.externalId, i);
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
