import { html, nothing } from 'lit';
import type { User } from '@roster/contract';
import type { UserTableStrings } from '../translations/index.js';

/** What a body row needs from the table beyond its user. */
export interface RowState {
  /** Its offset in the virtual body (index × row height). */
  top: number;
  /** The row that takes Tab focus (roving tabindex). */
  focused: boolean;
  selected: boolean;
  organization: string;
  /** When the user was created, as the element's locale writes a date. */
  created: string;
  hasActions: boolean;
  activate(): void;
  keydown(e: KeyboardEvent): void;
  toggle(on: boolean): void;
  openActions(): void;
}

const badge = (kind: string, label: string) => html`<span part="badge" class="badge ${kind}">${label}</span>`;

/** One user as a row of `<user-table>`'s virtual body. */
export function renderRow(t: UserTableStrings, user: User, index: number, r: RowState) {
  const name = `${user.firstName} ${user.lastName}`;
  return html`<div
    role="row"
    part="row"
    class="row body-row"
    data-user-id=${user.id}
    data-index=${index}
    aria-rowindex=${index + 2}
    tabindex=${r.focused ? 0 : -1}
    style="transform: translateY(${r.top}px)"
    @click=${r.activate}
    @keydown=${r.keydown}
  >
    <div role="cell" @click=${(e: Event) => e.stopPropagation()}><input type="checkbox" aria-label=${t.selectUser(name)}
      .checked=${r.selected} @change=${(e: Event) => r.toggle((e.target as HTMLInputElement).checked)} /></div>
    <div role="cell" class="name">${user.firstName}</div>
    <div role="cell" class="name">${user.lastName}</div>
    <div role="cell">${user.email}</div>
    <div role="cell" class="muted">${user.username ?? '—'}</div>
    <div role="cell">${t.kinds[user.kind]}</div>
    <div role="cell" class="muted">${r.organization || '—'}</div>
    <div role="cell">${badge(user.status, t.statuses[user.status])}</div>
    <div role="cell">${badge(user.mfaState, t.mfa[user.mfaState])}</div>
    <div role="cell">${badge(user.invitationStatus, t.invitation[user.invitationStatus])}</div>
    <div role="cell">${user.availability ? badge(user.availability, t.availability[user.availability]) : html`<span class="muted">—</span>`}</div>
    <div role="cell" class="muted">${r.created}</div>
    <div role="cell">${r.hasActions
      ? html`<button type="button" class="row-menu" aria-label=${t.actionsFor(name)}
          @click=${(e: Event) => { e.stopPropagation(); r.openActions(); }}>⋯</button>`
      : nothing}</div>
  </div>`;
}
