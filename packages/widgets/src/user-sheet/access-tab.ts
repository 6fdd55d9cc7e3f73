import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { AccessGroup, Organization, Role, TenantContext } from '@roster/contract';
import type { UserSheetStrings } from '../translations/index.js';
import { can } from '../user-table/actions.js';
import type { UserDetail } from './user-sheet.js';
import '../role-picker/define.js';
import '../permission-picker/define.js';

/** What the Access tab edits before it is saved: roles with explicit permissions, and access groups. */
export interface AccessDraft {
  roleIds: string[];
  permissions: string[];
  groupIds: string[];
  allModules: boolean;
}

export interface TabContext {
  host: ReactiveControllerHost & HTMLElement;
  t: UserSheetStrings;
  tenant: TenantContext;
  busy: boolean;
}

const ROLE_PARTS = 'search: role-search, list: role-list, option: role-option, option-reason: role-reason';
const PERMISSION_PARTS = 'group: permission-group, group-name: permission-group-name, permission, permission-description, permission-reason';

/**
 * The organizations a user can see, as the server decides it: an end user their own; a technician every one if a
 * role holds `org.access.all`, else those their roles open.
 */
function visibleOrganizations(user: UserDetail, roles: Role[], organizations: Organization[]): 'all' | Organization[] {
  if (user.kind === 'end_user') return organizations.filter((o) => o.id === user.organizationId);
  const held = roles.filter((r) => user.roles.some((ur) => ur.id === r.id));
  if (held.some((r) => r.permissions.includes('org.access.all')) || user.explicitPermissions.includes('org.access.all')) return 'all';
  const open = new Set(held.flatMap((r) => r.organizationIds));
  return organizations.filter((o) => open.has(o.id));
}

/**
 * The Access tab: roles through `<role-picker>`, explicit permissions on top of them, access groups and "all modules",
 * and the organizations the user can see. Only what the caller holds can be given (the grant rule, checked again by the
 * server); the Root Admin's roles change only by promotion.
 */
export function renderAccess(
  c: TabContext,
  a: {
    user: UserDetail;
    roles: Role[];
    organizations: Organization[];
    groups: AccessGroup[] | null;
    draft: AccessDraft;
    roleLabel(role: Role): string;
    /** Applies a change to the draft as it is then (two quick changes both count). */
    change(update: (draft: AccessDraft) => AccessDraft): void;
    saveRoles(): void;
    saveGroups(): void;
  },
) {
  const { t, tenant } = c;
  const { user, draft } = a;
  const manage = can(tenant, 'roles.manage') && !user.isRootAdmin;
  const visible = visibleOrganizations(user, a.roles, a.organizations);
  const toggle = (list: string[], id: string, on: boolean) => (on ? [...new Set([...list, id])] : list.filter((x) => x !== id));
  return html`<section aria-labelledby="roles-h">
      <h3 id="roles-h">${t.roles}</h3>
      ${user.isRootAdmin ? html`<p class="hint">${t.rootAdminRoles}</p>` : !manage ? html`<p class="hint">${t.cannotManageRoles}</p>` : nothing}
      ${manage
        ? html`<role-picker exportparts=${ROLE_PARTS} ?multiple=${tenant.profile.rolesPerUser !== 'one'} ?required=${tenant.profile.rolesPerUser === 'one'} label=${t.roles} .roles=${a.roles} .grantablePermissions=${tenant.permissions} .value=${draft.roleIds}
            @change=${(e: Event) => a.change((d) => ({ ...d, roleIds: [...(e.target as HTMLElement & { value: string[] }).value] }))}></role-picker>
          <h4 class="sub-h" id="perms-h">${t.explicitPermissions}</h4>
          <p class="hint" id="perms-hint">${t.explicitPermissionsHint}</p>
          <permission-picker exportparts=${PERMISSION_PARTS} label=${t.explicitPermissions} aria-describedby="perms-hint" .grantablePermissions=${tenant.permissions} .value=${draft.permissions}
            @change=${(e: Event) => a.change((d) => ({ ...d, permissions: [...(e.target as HTMLElement & { value: string[] }).value] }))}></permission-picker>
          <div class="row"><button type="button" part="button button-primary" class="primary" ?disabled=${c.busy} @click=${a.saveRoles}>${t.saveRoles}</button></div>`
        : html`<ul>${user.roles.map((r) => html`<li>${a.roleLabel(a.roles.find((x) => x.id === r.id) ?? { ...r, key: null } as Role)}</li>`)}</ul>`}
    </section>
    <section aria-labelledby="groups-h">
      <h3 id="groups-h">${t.accessGroups}</h3>
      ${a.groups === null
        ? html`<div class="skeleton"></div>`
        : html`<label class="check"><input type="checkbox" .checked=${draft.allModules} ?disabled=${!manage} @change=${(e: Event) => a.change((d) => ({ ...d, allModules: (e.target as HTMLInputElement).checked }))} />
            <span>${t.allModules}<small class="hint"> — ${t.allModulesHint}</small></span></label>
          ${a.groups.length === 0 ? html`<p class="hint">${t.noGroups}</p>` : nothing}
          ${a.groups.map((g) => html`<label class="check"><input type="checkbox" .checked=${draft.groupIds.includes(g.id)} ?disabled=${!manage}
              @change=${(e: Event) => a.change((d) => ({ ...d, groupIds: toggle(d.groupIds, g.id, (e.target as HTMLInputElement).checked) }))} />
            <span dir="auto">${g.name}</span>${g.active ? nothing : html`<span class="badge">${t.inactiveGroup}</span>`}</label>`)}
          ${manage ? html`<div class="row"><button type="button" part="button button-primary" class="primary" ?disabled=${c.busy} @click=${a.saveGroups}>${t.saveAccess}</button></div>` : nothing}`}
    </section>
    <section aria-labelledby="orgs-h">
      <h3 id="orgs-h">${t.visibleOrganizations}</h3>
      ${visible === 'all'
        ? html`<p>${t.allOrganizations}</p>`
        : visible.length === 0
          ? html`<p class="hint">${t.noOrganizations}</p>`
          : user.kind === 'end_user'
            ? html`<p>${t.ownOrganization(visible[0]!.name)}</p>`
            : html`<ul>${visible.map((o) => html`<li dir="auto">${o.name}</li>`)}</ul>`}
    </section>`;
}
