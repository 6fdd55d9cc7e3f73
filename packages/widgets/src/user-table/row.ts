import { html, nothing } from 'lit';
import type { User } from '@roster/contract';
import type { UserTableStrings } from '../translations/index.js';

/** What a body row needs from the table beyond its user. */
export interface RowState {
  /** Each column hidden or not (the column chooser); the grid's template leaves the hidden ones out. */
  hidden: readonly boolean[];
  /** Its offset in the virtual body, a CSS length (index × the row height token). */
  top: string;
  /** The column of the one cell of the grid that takes Tab focus (roving tabindex), when it is in this row. */
  focusedColumn: number | null;
  selected: boolean;
  organization: string;
  /** The user's roles, named in the element's language. */
  roles: string;
  /** When the user was created, as the element's locale writes a date. */
  created: string;
  hasActions: boolean;
  /** The custom attributes shown as columns: each cell's text, formatted for the element's locale. */
  attributes: readonly string[];
  activate(): void;
  keydown(e: KeyboardEvent): void;
  toggle(on: boolean): void;
  openActions(): void;
}

const badge = (kind: string, label: string) => html`<span part="badge badge-${kind}" class="badge ${kind}">${label}</span>`;

/**
 * The columns of a row, in order — the checkbox, the names, email … created, the actions — as grid tracks with their
 * smallest width in rem (the grid's template and minimum width are built from the visible ones).
 */
export const COLUMN_TRACKS: readonly (readonly [track: string, min: number])[] = [
  ['2.5rem', 2.5], ['9rem', 9], ['9rem', 9], ['minmax(12rem, 1.6fr)', 12], ['minmax(8rem, 1fr)', 8], ['7rem', 7], ['minmax(8rem, 1fr)', 8],
  ['minmax(9rem, 1fr)', 9], ['8.5rem', 8.5], ['10.5rem', 10.5], ['8.5rem', 8.5], ['8.5rem', 8.5], ['6.5rem', 6.5], ['3rem', 3],
];
/** The track of a custom attribute's column (between Created and the actions). */
export const ATTRIBUTE_TRACK: readonly [string, number] = ['minmax(8rem, 1fr)', 8];
/** The fixed columns before the actions column; custom attribute columns follow them. */
export const FIXED_CELLS = 13;

/** The columns a person may hide, by their words' key, from the fourth column on (the checkbox, names and actions stay). */
export const HIDEABLE_COLUMNS = ['email', 'username', 'kind', 'organization', 'roles', 'status', 'mfa', 'invitation', 'availability', 'created'] as const;
export type HideableColumn = (typeof HIDEABLE_COLUMNS)[number];

/** One user as a row of `<user-table>`'s virtual body. */
export function renderRow(t: UserTableStrings, user: User, index: number, r: RowState) {
  const name = `${user.firstName} ${user.lastName}`;
  // The ARIA grid pattern: one cell of the grid is in the Tab order; a cell holding a control gives it to the control.
  const tab = (column: number) => (r.focusedColumn === column ? 0 : -1);
  return html`<div
    role="row"
    part=${r.selected ? 'row row-selected' : 'row'}
    class="row body-row"
    data-user-id=${user.id}
    data-index=${index}
    aria-rowindex=${index + 2}
    .style=${`transform: translateY(${r.top})`}
    @click=${r.activate}
    @keydown=${r.keydown}
  >
    <div role="gridcell" part="cell" @click=${(e: Event) => e.stopPropagation()}><input type="checkbox" tabindex=${tab(0)} aria-label=${t.selectUser(name)}
      .checked=${r.selected} @change=${(e: Event) => r.toggle((e.target as HTMLInputElement).checked)} /></div>
    <div role="gridcell" part="cell" tabindex=${tab(1)} class="name">${user.firstName}</div>
    <div role="gridcell" part="cell" tabindex=${tab(2)} class="name">${user.lastName}</div>
    <div role="gridcell" part="cell" ?hidden=${r.hidden[3]} tabindex=${tab(3)} dir="ltr">${user.email}</div>
    <div role="gridcell" part="cell" ?hidden=${r.hidden[4]} tabindex=${tab(4)} dir="ltr" class="muted">${user.username ?? '—'}</div>
    <div role="gridcell" part="cell" ?hidden=${r.hidden[5]} tabindex=${tab(5)}>${t.kinds[user.kind]}</div>
    <div role="gridcell" part="cell" ?hidden=${r.hidden[6]} tabindex=${tab(6)} dir="auto" class="muted">${r.organization || '—'}</div>
    <div role="gridcell" part="cell" ?hidden=${r.hidden[7]} tabindex=${tab(7)} dir="auto" title=${r.roles}>${r.roles || html`<span class="muted">—</span>`}</div>
    <div role="gridcell" part="cell" ?hidden=${r.hidden[8]} tabindex=${tab(8)}>${badge(user.status, t.statuses[user.status])}${user.suspension ? badge('suspended', t.suspended) : nothing}</div>
    <div role="gridcell" part="cell" ?hidden=${r.hidden[9]} tabindex=${tab(9)}>${badge(user.mfaState, t.mfa[user.mfaState])}</div>
    <div role="gridcell" part="cell" ?hidden=${r.hidden[10]} tabindex=${tab(10)}>${badge(user.invitationStatus, t.invitation[user.invitationStatus])}</div>
    <div role="gridcell" part="cell" ?hidden=${r.hidden[11]} tabindex=${tab(11)}>${user.availability ? badge(user.availability, t.availability[user.availability]) : html`<span class="muted">—</span>`}</div>
    <div role="gridcell" part="cell" ?hidden=${r.hidden[12]} tabindex=${tab(12)} class="muted">${r.created}</div>
    ${r.attributes.map((text, i) => html`<div role="gridcell" part="cell attribute-cell" tabindex=${tab(FIXED_CELLS + i)} dir="auto">${text || html`<span class="muted">—</span>`}</div>`)}
    <div role="gridcell" part="cell" tabindex=${r.hasActions ? nothing : tab(FIXED_CELLS + r.attributes.length)}>${r.hasActions
      ? html`<button type="button" part="row-menu" class="row-menu" tabindex=${tab(FIXED_CELLS + r.attributes.length)} aria-label=${t.actionsFor(name)}
          @click=${(e: Event) => { e.stopPropagation(); r.openActions(); }}>⋯</button>`
      : nothing}</div>
  </div>`;
}
