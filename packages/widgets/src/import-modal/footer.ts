import { html } from 'lit';
import { MAX_IMPORT_ROWS, type ImportColumn, type ImportMode, type UserKind } from '@roster/contract';
import type { ImportModalStrings } from '../translations/index.js';

/** A step that takes a while: reading, checking, importing. `total` ≤ 1 shows a bar without an end. */
export interface Progress {
  label: string;
  done: number;
  total: number;
}

export function renderProgress(p: Progress, locale: string) {
  return html`<div part="progress" class="progress" role="status">
      <span>${p.label}${p.total > 1 ? ` ${(p.done / p.total).toLocaleString(locale, { style: 'percent' })}` : ''}</span>
      ${p.total > 1 ? html`<progress max=${p.total} .value=${p.done} aria-label=${p.label}></progress>` : html`<progress aria-label=${p.label}></progress>`}
    </div>`;
}

/** What the dialog's buttons depend on and what they do. */
export interface FooterState {
  t: ImportModalStrings;
  locale: string;
  step: 'input' | 'preview' | 'committing' | 'result';
  progress: Progress | null;
  /** The tenant's roles, groups and profile have arrived. */
  ready: boolean;
  kind: UserKind;
  organizationId: string;
  mode: ImportMode;
  columns: (ImportColumn | null)[];
  rowCount: number;
  invalidRows: number;
  parseErrors: number;
  reset(): void;
  close(): void;
  /** Reads the text in the paste field. */
  preview(): void;
  commit(): void;
}

/**
 * The buttons under the dialog: cancel or preview the pasted text; start over, cancel or import (enabled only when
 * the mode allows the rows as they are checked); after an import, import more or done.
 */
export function renderFooter(f: FooterState) {
  const { t } = f;
  if (f.step === 'result') {
    return html`<footer part="dialog-footer"><span class="spacer"></span>
        <button type="button" part="button" @click=${() => f.reset()}>${t.importMore}</button>
        <button type="button" part="button button-primary" class="primary" @click=${() => f.close()}>${t.done}</button></footer>`;
  }
  if (f.step === 'input') {
    return html`<footer part="dialog-footer"><span class="spacer"></span><button type="button" part="button" @click=${() => f.close()}>${t.cancel}</button>
        <button type="button" part="button button-primary" class="primary" ?disabled=${!!f.progress || !f.ready} @click=${() => f.preview()}>${t.preview}</button></footer>`;
  }
  const valid = f.rowCount - f.invalidRows;
  const blocked = !!f.progress || f.parseErrors > 0 || f.rowCount === 0 || f.rowCount > MAX_IMPORT_ROWS || (f.mode === 'atomic' ? f.invalidRows > 0 : valid === 0) || (f.kind === 'end_user' && !f.organizationId && !f.columns.includes('organization'));
  const n = f.mode === 'atomic' ? f.rowCount : valid;
  return html`<footer part="dialog-footer">
      <button type="button" part="button" ?disabled=${f.step === 'committing'} @click=${() => f.reset()}>${t.startOver}</button>
      <span class="spacer"></span>
      <button type="button" part="button" ?disabled=${f.step === 'committing'} @click=${() => f.close()}>${t.cancel}</button>
      <button type="button" part="button button-primary" class="primary" ?disabled=${blocked} @click=${() => f.commit()}>${t.importUsers(n, n.toLocaleString(f.locale))}</button>
    </footer>`;
}
