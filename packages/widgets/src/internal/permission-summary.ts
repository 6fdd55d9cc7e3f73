import { html } from 'lit';
import type { groupPermissions } from '@roster/contract';
import type { PermissionGroupStrings, PermissionStrings } from '../translations/index.js';
import { permissionName } from '../translations/roles.js';
import { translate } from './language.js';

/** The permission words an element shows: labels and group names, in its language. */
export interface PermissionWords {
  labels: Partial<PermissionStrings>;
  groups: Partial<PermissionGroupStrings>;
}

/**
 * English permission words, once their chunk has arrived (German and Arabic carry their own), and the contract's
 * grouping, which comes with them: neither is in the up-front bundle.
 */
let english: { labels: PermissionStrings; groups: PermissionGroupStrings; group: typeof groupPermissions } | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads the English permission words (labels and group names), which are not in the up-front bundle: until they
 * arrive (milliseconds), a permission shows its key. Resolves at once when they are there.
 */
export function loadPermissionWords(): Promise<void> {
  return (loading ??= import('../translations/permissions.js').then((m) => void (english = { labels: m.permissionsEn, groups: m.permissionGroupsEn, group: m.groupPermissions })));
}

/** The permission words in `element`'s language (English until loaded, keys before that). */
export function permissionWords(element: Element): PermissionWords {
  return {
    labels: translate(element, 'permissions', english?.labels ?? ({} as PermissionStrings)),
    groups: translate(element, 'permissionGroups', english?.groups ?? ({} as PermissionGroupStrings)),
  };
}

/**
 * A role's permissions as people read them: by group ("Users: See users and their details, Create and edit users"),
 * each label in the element's language, joined as its locale joins a list. Shared by `<role-picker>` (a disclosure
 * per role) and `<role-editor>` (each role of its list); `—` for a role without permissions. Until the words have
 * arrived, one group of keys.
 */
export function permissionSummary(keys: readonly string[], words: PermissionWords, locale: string) {
  if (keys.length === 0) return '—';
  const list = new Intl.ListFormat(locale, { type: 'unit' });
  // One line: the template ships as written (up front, in <role-picker>'s bundle).
  return html`<dl>${(english?.group(keys) ?? [['other', keys]]).map(([group, members]) => html`<div><dt>${words.groups[group] ?? group}</dt><dd>${list.format(members.map((p) => permissionName(words.labels, p)))}</dd></div>`)}</dl>`;
}
