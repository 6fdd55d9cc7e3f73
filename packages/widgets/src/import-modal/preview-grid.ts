import { html, nothing } from 'lit';
import { importFields, type AccessGroup, type ImportColumn, type ImportField, type Role } from '@roster/contract';
import type { ImportModalStrings } from '../translations/index.js';
import type { CellIssue } from './protocol.js';
import '../role-picker/define.js';

const ROW_HEIGHT = 34;
const OVERSCAN = 6;

/** The rows the grid shows, by data row index: all of them (no array is built for 100,000 rows), or those with errors. */
export interface RowView {
  length: number;
  slice(a: number, b: number): number[];
  all(): number[];
}

const errorRowsOf = new WeakMap<Map<number, CellIssue[]>, number[]>();

export function rowView(rowCount: number, errorsOnly: boolean, issues: Map<number, CellIssue[]>): RowView {
  if (!errorsOnly) {
    const n = rowCount;
    return { length: n, slice: (a, b) => Array.from({ length: Math.max(0, Math.min(b, n) - a) }, (_, i) => a + i), all: () => Array.from({ length: n }, (_, i) => i) };
  }
  let rows = errorRowsOf.get(issues);
  if (!rows) errorRowsOf.set(issues, (rows = [...issues.keys()].sort((a, b) => a - b)));
  const list = rows;
  return { length: list.length, slice: (a, b) => list.slice(a, b), all: () => list };
}

/** What the grid shows and what it asks `<import-modal>` to do. */
export interface GridState {
  t: ImportModalStrings;
  view: RowView;
  columns: (ImportColumn | null)[];
  /** The custom attributes a column may fill, with their labels. */
  attributes: readonly { column: ImportColumn; label: string }[];
  header: string[] | null;
  /** The rows the page holds (the worker has the table). */
  cache: Map<number, string[]>;
  issues: Map<number, CellIssue[]>;
  selected: Set<number>;
  busy: boolean;
  scrollTop: number;
  fetchRows(indices: number[]): void;
  setColumn(column: number, field: ImportColumn | null): void;
  setCell(row: number, column: number, value: string): void;
  select(rows: Set<number>): void;
  toggle(row: number, on: boolean): void;
  removeRows(rows: number[]): void;
  scrolled(top: number): void;
}

/**
 * The preview grid: one column per column of the pasted table, its field chosen in the header, every cell editable
 * in place and marked with its issues; virtualized, so 100,000 rows keep the DOM small.
 */
export function renderGrid(g: GridState) {
  const { t, view, columns, cache, issues, selected, busy } = g;
  const track = (f: ImportColumn | null) => (f === 'email' || f === 'organization' ? 'minmax(12rem, 1.6fr)' : f === 'roles' || f === 'groups' ? 'minmax(9rem, 1.2fr)' : 'minmax(8rem, 1fr)');
  const template = `3rem 2.5rem ${columns.map(track).join(' ')} minmax(14rem, 2fr) 2rem`;
  const first = Math.max(0, Math.floor(g.scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(view.length, first + Math.ceil(352 / ROW_HEIGHT) + OVERSCAN * 2);
  const shown = view.slice(first, last);
  const missing = shown.filter((i) => !cache.has(i));
  if (missing.length) queueMicrotask(() => g.fetchRows(missing));
  const fieldLabel = (f: ImportColumn) => (f.startsWith('attributes.') ? g.attributes.find((a) => a.column === f)?.label ?? f.slice(11) : t.fields[f as ImportField]);
  const label = (c: number) => (columns[c] ? fieldLabel(columns[c]!) : t.column(c + 1));
  return html`<div part="preview" class="grid" role="grid" aria-label=${t.rowsToImport} aria-rowcount=${view.length + 1} @scroll=${(e: Event) => g.scrolled((e.target as HTMLElement).scrollTop)}>
    <div part="preview-header" class="grid-row grid-head" role="row" .style=${`grid-template-columns: ${template}`}>
      <span role="columnheader"><input type="checkbox" aria-label=${t.selectAll} .checked=${view.length > 0 && selected.size === view.length} @change=${(e: Event) => g.select((e.target as HTMLInputElement).checked ? new Set(view.all()) : new Set())} /></span>
      <span role="columnheader" class="rownum">${t.rowNumber}</span>
      ${columns.map(
        (field, c) => html`<span role="columnheader">
          <select aria-label=${t.fieldOfColumn(c + 1, g.header?.[c])} ?disabled=${busy} @change=${(e: Event) => g.setColumn(c, ((e.target as HTMLSelectElement).value || null) as ImportColumn | null)}>
            <option value="" ?selected=${field === null}>${t.ignore(g.header?.[c])}</option>
            ${importFields.map((f) => html`<option value=${f} ?selected=${f === field}>${t.fields[f]}</option>`)}
            ${g.attributes.map((a) => html`<option value=${a.column} ?selected=${a.column === field}>${a.label}</option>`)}
          </select></span>`,
      )}
      <span role="columnheader">${t.problems}</span>
      <span role="columnheader"><span class="sr-only">${t.remove}</span></span>
    </div>
    <div class="grid-body" .style=${`height: ${view.length * ROW_HEIGHT}px`}>
      ${shown.map((row, k) => {
        const cells = cache.get(row);
        if (!cells) return html`<div class="grid-row" role="row" aria-rowindex=${first + k + 2} aria-busy="true" .style=${`top: ${(first + k) * ROW_HEIGHT}px; grid-template-columns: ${template}`}><span role="gridcell"></span><span role="gridcell" class="rownum">${row + 1}</span></div>`;
        const rowIssues = issues.get(row) ?? [];
        const top = (first + k) * ROW_HEIGHT;
        return html`<div part="preview-row" class="grid-row" role="row" aria-rowindex=${first + k + 2} .style=${`top: ${top}px; grid-template-columns: ${template}`}>
          <span role="gridcell"><input type="checkbox" aria-label=${t.selectRow(row + 1)} .checked=${selected.has(row)} @change=${(e: Event) => g.toggle(row, (e.target as HTMLInputElement).checked)} /></span>
          <span role="gridcell" class="rownum">${row + 1}</span>
          ${columns.map((_, c) => {
            const bad = rowIssues.filter((x) => x[1] === c);
            return html`<span role="gridcell"><input type="text" aria-label=${t.cell(row + 1, label(c))} aria-invalid=${bad.length ? 'true' : 'false'} aria-describedby=${bad.length ? `problems-${row}` : nothing} title=${bad.map((x) => x[2]).join('\n')} ?readonly=${busy}
              .value=${cells[c] ?? ''} @change=${(e: Event) => g.setCell(row, c, (e.target as HTMLInputElement).value)} /></span>`;
          })}
          <span role="gridcell" class="problems" id=${`problems-${row}`} title=${rowIssues.map((x) => x[2]).join('\n')}>${rowIssues.map((x) => x[2]).join(' ')}</span>
          <span role="gridcell"><button type="button" class="remove" aria-label=${t.removeRow(row + 1)} ?disabled=${busy} @click=${() => g.removeRows([row])}>×</button></span>
        </div>`;
      })}
    </div>
  </div>`;
}

/** What the "assign to the selected rows" bar needs. */
export interface AssignState {
  t: ImportModalStrings;
  selected: number;
  roles: Role[];
  groups: AccessGroup[];
  grantablePermissions: readonly string[];
  assignRoles: string[];
  assignGroup: string;
  chooseRoles(ids: string[]): void;
  chooseGroup(name: string): void;
  /** Writes the chosen roles or group (as they are when clicked) into the selected rows. */
  apply(field: 'roles' | 'groups'): void;
}

/** Roles (through `<role-picker>`) or an access group for every selected row, written into the rows' cells. */
export function renderAssign(a: AssignState) {
  const { t, selected: n } = a;
  return html`<div part="assign" class="assign" role="group" aria-label=${t.assignToSelected}>
    <div>
      <role-picker exportparts="search: role-search, list: role-list, option: role-option, option-reason: role-reason" multiple label=${t.rolesForSelected} .roles=${a.roles} .grantablePermissions=${a.grantablePermissions} .value=${a.assignRoles}
        @change=${(e: Event) => a.chooseRoles([...(e.target as HTMLElement & { value: string[] }).value])}></role-picker>
      <button type="button" ?disabled=${a.assignRoles.length === 0} @click=${() => a.apply('roles')}>${t.giveRoles(n)}</button>
    </div>
    ${a.groups.length
      ? html`<div>
          <label class="field">${t.accessGroup}
            <select @change=${(e: Event) => a.chooseGroup((e.target as HTMLSelectElement).value)}>
              <option value="">${t.chooseGroup}</option>
              ${a.groups.map((g) => html`<option value=${g.name} ?selected=${g.name === a.assignGroup}>${g.name}${g.active ? '' : t.inactive}</option>`)}
            </select></label>
          <button type="button" ?disabled=${!a.assignGroup} @click=${() => a.apply('groups')}>${t.putInGroup(n)}</button>
        </div>`
      : nothing}
  </div>`;
}
