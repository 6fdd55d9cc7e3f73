import { SCIM_ENTERPRISE_USER, scimBoolean, scimPrimaryEmail, type ScimPatchOperation } from '@roster/contract';
import { ScimProblem } from './errors.js';
import { attributeKey, parseFilter, type Filter } from './filter.js';

/**
 * PATCH (RFC 7644 §3.5.2) as Entra ID and Okta send it, applied to what Roster keeps of a user or a group. Op names
 * come lower-cased (ScimPatchSchema); booleans may be text (`"False"`); an operation without a path carries an object
 * whose keys are paths (`"name.givenName"`); paths may filter (`emails[type eq "work"].value`). Attributes Roster does
 * not keep (addresses, phone numbers, title, the enterprise extension) are accepted and not kept; a path Roster does
 * not know is a 400 `invalidPath`. Nothing is written here: the result is compared with the user and the difference
 * goes through the users service.
 */

/** What Roster keeps of a SCIM user. */
export interface UserView {
  userName: string;
  givenName: string;
  familyName: string;
  email: string;
  active: boolean;
  externalId: string | null;
}

const problem = (status: number, type: 'invalidPath' | 'invalidValue' | 'mutability' | 'noTarget', detail: string) => new ScimProblem(status, type, detail);

/** Core attributes identity providers send that Roster does not keep: accepted and left alone. */
const NOT_KEPT = new Set([
  'displayname', 'nickname', 'profileurl', 'title', 'usertype', 'preferredlanguage', 'locale', 'timezone', 'password',
  'name.formatted', 'name.middlename', 'name.honorificprefix', 'name.honorificsuffix',
  'addresses', 'phonenumbers', 'ims', 'photos', 'entitlements', 'roles', 'x509certificates', 'groups',
]);
const ENTERPRISE = `${SCIM_ENTERPRISE_USER}`.toLowerCase();

interface Path {
  attribute: string;
  filter?: Filter;
  sub?: string;
}

/** `emails[type eq "work"].value` → `{ attribute: 'emails', filter, sub: 'value' }`; `name.givenName` → `{ attribute: 'name.givenname' }`. */
export function parsePath(path: string): Path {
  const trimmed = path.trim();
  const bracket = trimmed.indexOf('[');
  if (bracket < 0) return { attribute: attributeKey(trimmed) };
  const close = trimmed.lastIndexOf(']');
  if (close < bracket) throw problem(400, 'invalidPath', `The path "${path}" has no closing "]".`);
  const rest = trimmed.slice(close + 1);
  if (rest !== '' && !/^\.[A-Za-z][\w$-]*$/.test(rest)) throw problem(400, 'invalidPath', `The path "${path}" is not an attribute path.`);
  let filter: Filter;
  try {
    filter = parseFilter(trimmed.slice(bracket + 1, close));
  } catch (e) {
    throw problem(400, 'invalidPath', `The filter of the path "${path}" is not valid: ${(e as Error).message}`);
  }
  return { attribute: attributeKey(trimmed.slice(0, bracket)), filter, ...(rest ? { sub: rest.slice(1).toLowerCase() } : {}) };
}

/** Whether `emails[…]` selects the one email Roster keeps (it is of type `work` and primary). */
function selectsTheEmail(filter: Filter, email: string): boolean {
  switch (filter.kind) {
    case 'and':
      return selectsTheEmail(filter.left, email) && selectsTheEmail(filter.right, email);
    case 'or':
      return selectsTheEmail(filter.left, email) || selectsTheEmail(filter.right, email);
    case 'not':
      return !selectsTheEmail(filter.filter, email);
    case 'present':
      return true;
    case 'valuePath':
      return false;
    case 'compare': {
      const v = filter.value;
      const actual = filter.attribute === 'type' ? 'work' : filter.attribute === 'primary' ? true : filter.attribute === 'value' ? email.toLowerCase() : undefined;
      if (actual === undefined) return false;
      const wanted = typeof v === 'string' ? (filter.attribute === 'primary' ? scimBoolean(v) : v.toLowerCase()) : v;
      return filter.op === 'eq' ? wanted === actual : filter.op === 'ne' ? wanted !== actual : false;
    }
  }
}

const textOf = (attribute: string, value: unknown): string => {
  if (typeof value !== 'string') throw problem(400, 'invalidValue', `${attribute} must be text.`);
  return value;
};

function setUserAttribute(view: UserView, op: 'add' | 'replace' | 'remove', path: Path, value: unknown, label: string): void {
  const { attribute } = path;
  if (attribute.startsWith(ENTERPRISE) || NOT_KEPT.has(attribute) || NOT_KEPT.has(attribute.split('.')[0]!)) return;
  const required = (name: string) => {
    if (op === 'remove') throw problem(400, 'invalidValue', `${name} is required and cannot be removed.`);
  };
  switch (attribute) {
    case 'username':
      required('userName');
      view.userName = textOf('userName', value).normalize('NFC').trim();
      return;
    case 'name.givenname':
      required('name.givenName');
      view.givenName = textOf('name.givenName', value);
      return;
    case 'name.familyname':
      required('name.familyName');
      view.familyName = textOf('name.familyName', value);
      return;
    case 'name': {
      required('name');
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw problem(400, 'invalidValue', 'name must be an object.');
      for (const [k, v] of Object.entries(value)) setUserAttribute(view, op, { attribute: `name.${k.toLowerCase()}` }, v, `name.${k}`);
      return;
    }
    case 'active': {
      if (op === 'remove') return;
      const b = scimBoolean(value);
      if (b === undefined) throw problem(400, 'invalidValue', 'active must be true or false.');
      view.active = b;
      return;
    }
    case 'externalid':
      if (op === 'remove' || value === null) view.externalId = null;
      else view.externalId = textOf('externalId', value);
      return;
    case 'emails':
    case 'emails.value': {
      // Another email (home, other): Roster keeps one, the primary work one.
      if (path.filter && !selectsTheEmail(path.filter, view.email)) return;
      required('emails');
      if (path.filter && path.sub !== undefined && path.sub !== 'value') return; // emails[…].type / .primary / .display
      if (attribute === 'emails.value' || (path.filter && path.sub === 'value')) {
        view.email = textOf('emails.value', value);
        return;
      }
      const list = Array.isArray(value) ? value : [value];
      if (!list.every((e) => e && typeof e === 'object' && !Array.isArray(e))) throw problem(400, 'invalidValue', 'emails must be a list of {"value", "type", "primary"}.');
      const email = scimPrimaryEmail(list as { value?: string }[]);
      if (email === undefined) return;
      view.email = textOf('emails.value', email);
      return;
    }
    default:
      throw problem(400, 'invalidPath', `"${label}" is not an attribute of a SCIM user.`);
  }
}

/** The user after the operations (a copy); throws a SCIM 400 for a bad path or value, before anything is written. */
export function applyUserPatch(current: UserView, operations: readonly ScimPatchOperation[]): UserView {
  const view = { ...current };
  for (const operation of operations) {
    const op = operation.op as 'add' | 'replace' | 'remove';
    if (operation.path) {
      if (op !== 'remove' && operation.value === undefined) throw problem(400, 'invalidValue', `${operation.op} of "${operation.path}" needs a value.`);
      setUserAttribute(view, op, parsePath(operation.path), operation.value, operation.path);
      continue;
    }
    if (op === 'remove') throw problem(400, 'noTarget', 'A remove needs a path.');
    const value = operation.value;
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw problem(400, 'invalidValue', `An ${operation.op} without a path needs an object of attributes.`);
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const lower = key.toLowerCase();
      if (lower === 'schemas' || lower === 'id' || lower === 'meta') continue;
      // The extension's attributes as one object (`"urn:…:enterprise:2.0:User": {"department": …}`): not kept.
      if (lower.startsWith(ENTERPRISE)) continue;
      setUserAttribute(view, op, parsePath(key), v, key);
    }
  }
  return view;
}

/** What a PATCH of a group asks for its members; a changed name is refused (roles are named in Roster). */
export interface MembersChange {
  /** Replace the members with exactly these (`replace members`, `remove members` without a value: none). */
  replace?: string[];
  add: string[];
  remove: string[];
}

function memberIds(value: unknown, label: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((m) => {
    const id = m && typeof m === 'object' ? (m as Record<string, unknown>).value : undefined;
    if (typeof id !== 'string') throw problem(400, 'invalidValue', `${label} must be a list of {"value": "<user id>"}.`);
    return id.toLowerCase();
  });
}

export function applyGroupPatch(displayName: string, operations: readonly ScimPatchOperation[]): MembersChange {
  const change: MembersChange = { add: [], remove: [] };
  const setName = (value: unknown) => {
    if (value !== displayName) throw problem(400, 'mutability', 'A group is a role of the tenant: it is renamed in Roster, not by SCIM.');
  };
  const setMembers = (op: 'add' | 'replace' | 'remove', value: unknown) => {
    if (op === 'replace') {
      change.replace = value === undefined || value === null ? [] : memberIds(value, 'members');
      change.add = [];
      change.remove = [];
    } else if (op === 'add') {
      change.add.push(...memberIds(value, 'members'));
    } else if (value === undefined || value === null) {
      change.replace = [];
      change.add = [];
      change.remove = [];
    } else {
      change.remove.push(...memberIds(value, 'members'));
    }
  };
  for (const operation of operations) {
    const op = operation.op as 'add' | 'replace' | 'remove';
    if (!operation.path) {
      if (op === 'remove') throw problem(400, 'noTarget', 'A remove needs a path.');
      const value = operation.value;
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw problem(400, 'invalidValue', `An ${operation.op} without a path needs an object of attributes.`);
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        const k = key.toLowerCase();
        if (k === 'schemas' || k === 'id' || k === 'meta' || k === 'externalid') continue;
        if (k === 'displayname') setName(v);
        else if (k === 'members') setMembers(op, v);
        else throw problem(400, 'invalidPath', `"${key}" is not an attribute of a SCIM group.`);
      }
      continue;
    }
    const path = parsePath(operation.path);
    if (path.attribute === 'displayname') {
      if (op === 'remove') throw problem(400, 'mutability', 'A group’s displayName cannot be removed.');
      setName(operation.value);
    } else if (path.attribute === 'externalid') {
      continue;
    } else if (path.attribute === 'members' && path.filter) {
      // members[value eq "id"]: the one member the filter names.
      const f = path.filter;
      if (f.kind !== 'compare' || f.attribute !== 'value' || f.op !== 'eq' || typeof f.value !== 'string' || op !== 'remove') {
        throw problem(400, 'invalidPath', 'A members filter in a path is remove members[value eq "<user id>"].');
      }
      change.remove.push(f.value.toLowerCase());
    } else if (path.attribute === 'members' || path.attribute === 'members.value') {
      setMembers(op, path.attribute === 'members.value' && operation.value !== undefined ? memberIds([{ value: operation.value }], 'members.value').map((value) => ({ value })) : operation.value);
    } else {
      throw problem(400, 'invalidPath', `"${operation.path}" is not an attribute of a SCIM group.`);
    }
  }
  return change;
}
