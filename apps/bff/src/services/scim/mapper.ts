import { SCIM_GROUP, SCIM_ROSTER_USER, SCIM_USER, type AttributeValues, type PolicyProfile } from '@roster/contract';
import type { ScimGroupRow, ScimUserRow } from '../../db/repositories/scim.repository.js';

/**
 * Roster's users and roles as SCIM resources (RFC 7643 §4), and back. The one place that says which Roster field is
 * which SCIM attribute:
 *
 * | SCIM                         | Roster                                                                 |
 * |------------------------------|------------------------------------------------------------------------|
 * | `id`                         | the user's id                                                          |
 * | `userName`                   | the username; the email where the profile has no usernames of its own  |
 * | `name.givenName`/`familyName`| first name / last name                                                 |
 * | `emails[primary]` (`work`)   | the email                                                              |
 * | `active`                     | status is not `deactivated`                                            |
 * | `externalId`                 | kept as sent                                                           |
 * | `groups` / Group             | the user's roles / a role (members: the app's end users holding it)    |
 * | `urn:…:roster:2.0:User`      | the user's custom attributes, by key (present when they have any)      |
 */

/** Whether the profile makes the email the userName (`email`: the email is the username; `none`: there is none). */
export const emailIsUserName = (profile: Pick<PolicyProfile, 'usernameMode'>) => profile.usernameMode !== 'separate';

export interface ScimUser {
  schemas: string[];
  id: string;
  externalId?: string;
  userName: string;
  name: { givenName: string; familyName: string; formatted: string };
  displayName: string;
  emails: { value: string; type: 'work'; primary: true }[];
  active: boolean;
  groups: { value: string; display: string; $ref: string }[];
  meta: { resourceType: 'User'; created: string; lastModified: string; location: string; version: string };
  [SCIM_ROSTER_USER]?: AttributeValues;
}

/** A weak ETag of a resource's last change (RFC 7644 §3.14). */
export const versionOf = (lastModified: string) => `W/"${Date.parse(lastModified).toString(36)}"`;

export function toScimUser(row: ScimUserRow, groups: readonly { id: string; name: string }[], base: string, profile: Pick<PolicyProfile, 'usernameMode'>, attributes?: AttributeValues): ScimUser {
  const formatted = `${row.first_name} ${row.last_name}`;
  const extended = attributes !== undefined && Object.keys(attributes).length > 0;
  return {
    schemas: extended ? [SCIM_USER, SCIM_ROSTER_USER] : [SCIM_USER],
    id: row.id,
    ...(row.external_id ? { externalId: row.external_id } : {}),
    userName: emailIsUserName(profile) ? row.email : row.username ?? row.email,
    name: { givenName: row.first_name, familyName: row.last_name, formatted },
    displayName: formatted,
    emails: [{ value: row.email, type: 'work', primary: true }],
    active: row.status !== 'deactivated',
    groups: groups.map((g) => ({ value: g.id, display: g.name, $ref: `${base}/Groups/${g.id}` })),
    meta: { resourceType: 'User', created: row.created, lastModified: row.last_modified, location: `${base}/Users/${row.id}`, version: versionOf(row.last_modified) },
    ...(extended ? { [SCIM_ROSTER_USER]: attributes } : {}),
  };
}

export interface ScimGroup {
  schemas: string[];
  id: string;
  displayName: string;
  members: { value: string; display: string; $ref: string; type: 'User' }[];
  meta: { resourceType: 'Group'; created: string; lastModified: string; location: string; version: string };
}

export function toScimGroup(row: ScimGroupRow, members: readonly { id: string; first_name: string; last_name: string }[], base: string): ScimGroup {
  return {
    schemas: [SCIM_GROUP],
    id: row.id,
    displayName: row.name,
    members: members.map((m) => ({ value: m.id, display: `${m.first_name} ${m.last_name}`, $ref: `${base}/Users/${m.id}`, type: 'User' })),
    meta: { resourceType: 'Group', created: row.created, lastModified: row.created, location: `${base}/Groups/${row.id}`, version: versionOf(row.created) },
  };
}

/**
 * `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5) on the top-level attributes: `id`, `schemas` and `meta`
 * always stay. `emails[type eq "work"]` or `name.givenName` name their top-level attribute.
 */
export function project<T extends Record<string, unknown>>(resource: T, attributes: readonly string[] | undefined, excluded: readonly string[] | undefined): Partial<T> {
  const top = (a: string) => (a.toLowerCase().startsWith(SCIM_ROSTER_USER.toLowerCase()) ? SCIM_ROSTER_USER.toLowerCase() : a.replace(/^urn:ietf:params:scim:schemas:core:2\.0:(User|Group):/i, '').split(/[.[]/)[0]!.toLowerCase());
  const always = new Set(['id', 'schemas', 'meta']);
  if (attributes?.length) {
    const keep = new Set(attributes.map(top));
    return Object.fromEntries(Object.entries(resource).filter(([k]) => always.has(k) || keep.has(k.toLowerCase()))) as Partial<T>;
  }
  if (excluded?.length) {
    const drop = new Set(excluded.map(top));
    return Object.fromEntries(Object.entries(resource).filter(([k]) => always.has(k) || !drop.has(k.toLowerCase()))) as Partial<T>;
  }
  return resource;
}
