import { html, nothing } from 'lit';
import { toCsv, type BulkImportResponse } from '@roster/contract';
import type { ImportModalStrings } from '../translations/index.js';
import { contractMessage } from '../translations/contract-messages.js';

/** A row's reasons, in the element's language. */
const reasons = (x: BulkImportResponse['results'][number], locale: string) => (x.issues ?? []).map((i) => contractMessage(i, locale)).join(' ');

/**
 * The log of an import, as copied or downloaded: every row with its result and, where it was not imported, why (the
 * page's table shows only the rows that were not imported). Cells made safe for a spreadsheet by `toCsv`.
 */
export function importLogCsv(t: ImportModalStrings, locale: string, r: BulkImportResponse, delimiter: string): string {
  const rows: string[][] = [[t.logRow, t.logEmail, t.logResult, t.logReason]];
  for (const x of r.results) rows.push([String(x.row + 1), x.email ?? '', t.statuses[x.status], reasons(x, locale)]);
  return toCsv(rows, delimiter);
}

/**
 * Of an import sent with `sendInvitations: false`: how many imported rows carried a password hash — the server
 * imports exactly those active at once (the others stay invited, with no email).
 */
export function activatedAtOnce(body: string, r: BulkImportResponse): number {
  const rows = (JSON.parse(body) as { rows?: { passwordHash?: string }[] }).rows ?? [];
  return r.results.filter((x) => x.status === 'imported' && !!rows[x.row]?.passwordHash).length;
}

/** Whether invitations were sent, and how many imported users were activated at once instead (`activatedAtOnce`). */
export interface InvitationOutcome {
  sent: boolean;
  activated: number;
}

/** What was imported: counts, and the rows that were skipped or failed with a log to copy or download. */
/** Whether the log reached the clipboard (a browser may refuse: no user gesture, a page not served over HTTPS). */
export type CopyState = '' | 'copied' | 'failed';

export function renderResult(
  t: ImportModalStrings,
  locale: string,
  r: BulkImportResponse,
  invitations: InvitationOutcome,
  download: (name: string, text: string, type: string) => void,
  copy: { state: CopyState; run: (text: string) => void },
) {
  const logged = r.results.filter((x) => x.status !== 'imported');
  return html`${r.mode === 'atomic'
      ? html`<div part="banner banner-ok result" class="banner ok" role="status"><strong>${t.imported(r.imported, r.imported.toLocaleString(locale))}</strong>${invitations.sent ? ` ${t.invitationsOnTheirWay}` : nothing}</div>`
      : html`<div part="result" class="counts" role="status">
          <span class="imported"><strong>${r.imported.toLocaleString(locale)}</strong> ${t.importedCount}</span>
          <span class="skipped"><strong>${r.skipped.toLocaleString(locale)}</strong> ${t.skippedCount}</span>
          <span class="failed"><strong>${r.failed.toLocaleString(locale)}</strong> ${t.failedCount}</span>
        </div>`}
    ${r.imported && !invitations.sent ? html`<p part="invitations">${t.activatedCount(invitations.activated)} · ${t.notInvitedCount(r.imported - invitations.activated)}</p>` : nothing}
    ${logged.length
      ? html`<div class="links">
            <button type="button" class="link" @click=${() => copy.run(importLogCsv(t, locale, r, '\t'))}>${t.copyLog}</button>
            <button type="button" class="link" @click=${() => download('roster-import-log.csv', importLogCsv(t, locale, r, ','), 'text/csv')}>${t.downloadLog}</button>
            <span part="copy-state" class="copy-state" role="status">${copy.state === 'copied' ? t.logCopied : copy.state === 'failed' ? t.copyFailed : ''}</span>
          </div>
          <div part="log" class="log"><table>
            <thead><tr><th>${t.logRow}</th><th>${t.logEmail}</th><th>${t.logResult}</th><th>${t.logReason}</th></tr></thead>
            <tbody>${logged.slice(0, 500).map((x) => html`<tr><td>${x.row + 1}</td><td>${x.email ?? ''}</td><td>${t.statuses[x.status]}</td><td>${reasons(x, locale)}</td></tr>`)}</tbody>
          </table></div>`
      : nothing}`;
}
