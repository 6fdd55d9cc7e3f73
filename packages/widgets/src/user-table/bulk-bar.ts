import { html, nothing } from 'lit';
import type { UserTableStrings } from '../translations/index.js';
import type { BulkAction } from './actions.js';

/**
 * The bar over the table while users are selected: the bulk actions the caller may take (`bulkActionsFor`), and a
 * way to clear the selection.
 */
export function renderBulkBar(t: UserTableStrings, selected: number, actions: readonly BulkAction[], on: { run(action: BulkAction): void; clear(): void }) {
  if (!selected) return nothing;
  const label: Record<BulkAction, string> = { 'resend-invitation': t.bulk.resendInvitations, roles: t.bulk.assignRoles, deactivate: t.bulk.deactivate, delete: t.bulk.delete };
  return html`<div part="bulk-bar" class="bulk" role="region" aria-label=${t.bulk.label}><span>${t.bulk.selected(selected)}</span>
    ${actions.map((a) => html`<button type="button" part=${a === 'delete' ? 'button button-danger' : 'button'} class=${a === 'delete' ? 'danger-outline' : nothing} @click=${() => on.run(a)}>${label[a]}</button>`)}
    <button type="button" part="button" @click=${on.clear}>${t.bulk.clearSelection}</button></div>`;
}
