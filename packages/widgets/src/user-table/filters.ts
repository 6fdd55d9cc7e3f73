import { html } from 'lit';
import { userStatuses, type Organization, type Role } from '@roster/contract';
import type { UserTableStrings } from '../translations/index.js';

/** The table's filters, as the `GET /v1/users` query takes them ('' for any; status `suspended` is `suspended=true`). */
export type Filters = { kind: string; organizationId: string; status: string; roleId: string; hideDeactivated: boolean };
export const NO_FILTERS: Filters = { kind: '', organizationId: '', status: '', roleId: '', hideDeactivated: false };

/** The filter fields of the table's toolbar: type, organization, status (the contract's), role, hide deactivated. */
export function renderFilters(
  t: UserTableStrings,
  filters: Filters,
  organizations: readonly Organization[],
  roles: readonly Role[],
  set: <K extends keyof Filters>(key: K, value: Filters[K]) => void,
) {
  return html`<label part="filter" class="field">${t.kind}
      <select name="kind" .value=${filters.kind} @change=${(e: Event) => set('kind', (e.target as HTMLSelectElement).value)}>
        <option value="">${t.allKinds}</option><option value="technician">${t.technicians}</option><option value="end_user">${t.endUsers}</option>
      </select>
    </label>
    <label part="filter" class="field">${t.organization}
      <select name="organizationId" .value=${filters.organizationId} @change=${(e: Event) => set('organizationId', (e.target as HTMLSelectElement).value)}>
        <option value="">${t.allOrganizations}</option>
        ${organizations.map((o) => html`<option value=${o.id} ?selected=${o.id === filters.organizationId}>${o.name}</option>`)}
      </select>
    </label>
    <label part="filter" class="field">${t.status}
      <select name="status" .value=${filters.status} @change=${(e: Event) => set('status', (e.target as HTMLSelectElement).value)}>
        <option value="">${t.allStatuses}</option>
        ${userStatuses.map((s) => html`<option value=${s}>${t.statuses[s]}</option>`)}<option value="suspended">${t.suspended}</option>
      </select>
    </label>
    <label part="filter" class="field">${t.role}
      <select name="roleId" .value=${filters.roleId} @change=${(e: Event) => set('roleId', (e.target as HTMLSelectElement).value)}>
        <option value="">${t.allRoles}</option>
        ${roles.map((r) => html`<option value=${r.id} ?selected=${r.id === filters.roleId}>${r.name}</option>`)}
      </select>
    </label>
    <label part="filter" class="field check"><input type="checkbox" name="hideDeactivated" .checked=${filters.hideDeactivated}
      @change=${(e: Event) => set('hideDeactivated', (e.target as HTMLInputElement).checked)} />${t.hideDeactivated}</label>`;
}
