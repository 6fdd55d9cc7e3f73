import { html, nothing } from 'lit';
import type { UserDialogStrings } from '../translations/index.js';
import { DESTRUCTIVE, type BulkAction } from './actions.js';

/** What is selected: some users, or every user the search and filters match (`matching`, counted or not). */
export interface BulkSelection {
  count: number;
  /** Every matching user is selected; `total` is their number when the server counted them. */
  allMatching: boolean;
  total: number | null;
  /** Every loaded user is selected and more match: the bar offers to take them all. */
  canSelectAllMatching: boolean;
}

/**
 * The bar over the table while users are selected: the bulk actions that apply to them (`bulkActionsFor`), the
 * offer to select every matching user, and a way to clear the selection. Loaded with the dialogs.
 */
export function renderBulkBar(
  t: UserDialogStrings,
  s: BulkSelection,
  actions: readonly BulkAction[],
  on: { run(action: BulkAction): void; clear(): void; selectAllMatching(): void },
) {
  if (!s.count && !s.allMatching) return nothing;
  const b = t.bulk;
  const label: Record<BulkAction, string> = { 'resend-invitation': b.resendInvitations, roles: b.assignRoles, deactivate: b.deactivate, activate: b.activate, delete: b.delete };
  return html`<div part="bulk-bar" class="bulk" role="region" aria-label=${b.label}><span>${s.allMatching ? b.allMatching(s.total) : b.selected(s.count)}</span>
    ${s.canSelectAllMatching && !s.allMatching ? html`<button type="button" part="button" class="link" @click=${on.selectAllMatching}>${b.selectAllMatching(s.total)}</button>` : nothing}
    ${actions.map((a) => html`<button type="button" part=${DESTRUCTIVE.has(a) ? 'button button-danger' : 'button'} class=${DESTRUCTIVE.has(a) ? 'danger-outline' : nothing} @click=${() => on.run(a)}>${label[a]}</button>`)}
    <button type="button" part="button" @click=${on.clear}>${b.clearSelection}</button></div>`;
}
