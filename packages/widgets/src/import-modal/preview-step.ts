import { html, nothing } from 'lit';
import { attributeLabel, type AttributeDefinition, type ImportMode } from '@roster/contract';
import type { ImportModalStrings } from '../translations/index.js';
import type { ImportTable } from './import-table.js';
import { renderChoices, type ChoicesState } from './input-step.js';
import { renderAssign, renderGrid, rowView, type AssignState } from './preview-grid.js';

/** What the second step shows besides the table, and what it asks `<import-modal>` to do. */
export interface PreviewState {
  t: ImportModalStrings;
  locale: string;
  table: ImportTable;
  /** The tenant's custom attributes: choices of a column's field, labelled in the page's language. */
  attributes: readonly AttributeDefinition[];
  choices: ChoicesState;
  /** The import is being sent: nothing in the table changes meanwhile. */
  busy: boolean;
  /** A check or an import is running (its result replaces the summary). */
  working: boolean;
  mode: ImportMode;
  serverError: { message: string; seats?: boolean } | null;
  errorsOnly: boolean;
  scrollTop: number;
  /** The "assign to the selected rows" bar, without its strings and count. */
  assign: Omit<AssignState, 't' | 'selected'>;
  /** Imports again, adding the seats the server said were missing. */
  addSeats(): void;
  showErrorsOnly(on: boolean): void;
  scrolled(top: number): void;
}

/** The second step: the options, what is wrong (unreadable input, the server's answer, rows with errors), the table's toolbar and grid. */
export function renderPreview(p: PreviewState) {
  const { t, table, busy } = p;
  const view = rowView(table.rowCount, p.errorsOnly, table.issues);
  return html`${renderChoices(p.choices)}
      ${table.parseErrors.length
        ? html`<div part="banner banner-error" class="banner error" role="alert">${t.unreadable}<ul>${table.parseErrors.slice(0, 5).map((m) => html`<li>${m}</li>`)}</ul></div>`
        : nothing}
      ${p.serverError
        ? html`<div part="banner banner-error" class="banner error" role="alert">${p.serverError.message}
            ${p.serverError.seats ? html` <button type="button" class="link" @click=${() => p.addSeats()}>${t.addSeats}</button>` : nothing}</div>`
        : nothing}
      ${!p.working && !table.parseErrors.length && !p.serverError
        ? table.invalidRows > 0
          ? html`<div part="banner banner-error" class="banner error" role="status">${t.rowsHaveErrors(table.invalidRows.toLocaleString(p.locale), table.rowCount.toLocaleString(p.locale), p.mode === 'per-row')}</div>`
          : html`<div part="banner banner-ok" class="banner ok" role="status">${t.allValid(table.rowCount.toLocaleString(p.locale))}</div>`
        : nothing}
      <div part="toolbar" class="toolbar">
        <label><input type="checkbox" .checked=${table.header !== null} ?disabled=${busy} @change=${(e: Event) => table.setHasHeader((e.target as HTMLInputElement).checked)} /> ${t.firstRowHeader}</label>
        <label><input type="checkbox" .checked=${p.errorsOnly} @change=${(e: Event) => p.showErrorsOnly((e.target as HTMLInputElement).checked)} /> ${t.onlyErrors}</label>
        ${table.selected.size ? html`<button type="button" ?disabled=${busy} @click=${() => table.removeRows([...table.selected])}>${t.removeSelected(table.selected.size)}</button>` : nothing}
        <span class="count">${t.rowsCount(view.length, table.selected.size)}</span>
      </div>
      ${table.selected.size ? renderAssign({ ...p.assign, t, selected: table.selected.size }) : nothing}
      ${renderGrid({
        t,
        view,
        columns: table.columns,
        attributes: p.attributes.map((d) => ({ column: `attributes.${d.key}` as const, label: attributeLabel(d, p.locale.split('-')[0]!) })),
        header: table.header,
        cache: table.cache,
        issues: table.issues,
        selected: table.selected,
        busy,
        scrollTop: p.scrollTop,
        fetchRows: (indices) => table.fetchRows(indices),
        setColumn: (c, field) => table.setColumn(c, field),
        setCell: (row, c, value) => table.setCell(row, c, value),
        select: (rows) => table.select(rows),
        toggle: (row, on) => table.toggle(row, on),
        removeRows: (rows) => table.removeRows(rows),
        scrolled: (top) => p.scrolled(top),
      })}`;
}
