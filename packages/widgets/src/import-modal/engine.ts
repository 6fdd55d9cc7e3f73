import { MAX_IMPORT_BYTES, detectColumns, emailRulesReady, formatMessage, importTooLargeMessage, registerMessages, parseImportText, rowsFromTable, utf8ByteLength, validateImportRows, type ImportColumn, type ImportOptions } from '@roster/contract';
import { phoneMetadata } from '@roster/contract/phone-metadata';
import type { CellIssue, FromWorker, ToWorker } from './protocol.js';

const PROGRESS_EVERY = 5_000;

/**
 * Resolves when the engine can check what `m` carries: text beyond ASCII needs the email rules' confusables check,
 * which the worker has from the start and the page loads on first need.
 */
export function engineReadyFor(m: ToWorker): Promise<void> {
  if (m.type === 'text') return emailRulesReady(m.part);
  if (m.type === 'load') return emailRulesReady(m.text);
  if (m.type === 'update') return emailRulesReady(...(m.edits ?? []).map(([, , value]) => value));
  return Promise.resolve();
}

/**
 * The import's engine: parses, maps and validates with the contract's code (the server runs the same), keeps the
 * table, answers the page's requests for rows and builds the request body. It runs in a Web Worker; where a host
 * page forbids workers, `<import-modal>` runs it in the page instead.
 */
export function createImportEngine(post: (m: FromWorker) => void): (m: ToWorker) => void {
  let table: string[][] = [];
  let hasHeader = false;
  let columns: (ImportColumn | null)[] = [];
  let options: Omit<ImportOptions, 'catalog'> & { catalog: ImportOptions['catalog'] };
  /** The slices of the text of the load `partsOf` announced so far. */
  let parts: string[] = [];
  let partsOf = -1;
  /** The page's locale: the language of the issues' messages. */
  let locale = 'en';

  function validate() {
    const rows = rowsFromTable(table, { hasHeader, columns });
    const total = rows.length;
    const { results, invalidRows } = validateImportRows(rows, options, {
      every: PROGRESS_EVERY,
      onProgress: (done) => post({ type: 'progress', phase: 'validate', done, total }),
    }, false);
    const issues: CellIssue[] = [];
    for (let i = 0; i < results.length; i++) {
      for (const issue of results[i]!.issues) issues.push([i, columns.indexOf(issue.field), locale === 'en' ? issue.message : formatMessage(issue.id, issue.params, locale)]);
    }
    post({ type: 'issues', issues, invalidRows, total, header: hasHeader ? table[0] ?? null : null });
  }

  return (m: ToWorker) => {
    try {
      if (m.type === 'text') {
        if (m.id !== partsOf) {
          parts = [];
          partsOf = m.id;
        }
        parts.push(m.part);
      } else if (m.type === 'load') {
        const text = m.id === partsOf && parts.length > 0 ? parts.join('') + m.text : m.text;
        parts = [];
        partsOf = -1;
        locale = m.locale;
        if (m.messages) registerMessages(locale, m.messages);
        options = { profile: m.profile, metadata: phoneMetadata, kind: m.kind, hasDefaultOrganization: m.hasDefaultOrganization, catalog: { ...m.catalog, granted: new Set(m.catalog.granted) }, attributes: m.attributes ?? [] };
        post({ type: 'progress', phase: 'parse', done: 0, total: 1 });
        if (utf8ByteLength(text) > MAX_IMPORT_BYTES) {
          post({ type: 'failed', message: importTooLargeMessage });
          return;
        }
        const parsed = parseImportText(text, m.source);
        table = parsed.rows;
        const detected = detectColumns(table, m.profile, { roles: m.catalog.roles.map((r) => r.name), groups: m.catalog.groups.map((g) => g.name), organizations: m.catalog.organizations.map((o) => o.name), attributes: m.attributes ?? [] });
        hasHeader = detected.hasHeader;
        columns = detected.columns;
        const width = table.reduce((w, r) => Math.max(w, r.length), 0);
        const total = table.length - (hasHeader ? 1 : 0);
        post({ type: 'table', columns, hasHeader, header: hasHeader ? table[0] ?? null : null, width, total, errors: parsed.errors.map((e) => (locale === 'en' ? e.message : formatMessage(e.id, e.params, locale))) });
        if (parsed.errors.length === 0) validate();
      } else if (m.type === 'update') {
        if (m.locale) locale = m.locale;
        if (m.locale && m.messages) registerMessages(m.locale, m.messages);
        if (m.columns) columns = m.columns;
        if (m.hasHeader !== undefined) hasHeader = m.hasHeader;
        if (m.hasDefaultOrganization !== undefined) options.hasDefaultOrganization = m.hasDefaultOrganization;
        const offset = hasHeader ? 1 : 0;
        for (const [row, column, value] of m.edits ?? []) {
          const cells = table[row + offset];
          if (!cells) continue;
          while (cells.length <= column) cells.push('');
          cells[column] = value;
        }
        for (const row of [...(m.removed ?? [])].sort((a, b) => b - a)) table.splice(row + offset, 1);
        validate();
      } else if (m.type === 'rows') {
        const offset = hasHeader ? 1 : 0;
        post({ type: 'rows', requestId: m.requestId, rows: m.indices.flatMap((i) => (table[i + offset] ? [[i, table[i + offset]!] as [number, string[]]] : [])) });
      } else if (m.type === 'body') {
        const rows = rowsFromTable(table, { hasHeader, columns });
        const json = JSON.stringify({ kind: m.kind, ...(m.organizationId ? { organizationId: m.organizationId } : {}), mode: m.mode, rows, ...(m.confirmAddSeats ? { confirmAddSeats: true } : {}), ...(m.sendInvitations ? {} : { sendInvitations: false }) });
        post({ type: 'body', requestId: m.requestId, json });
      }
    } catch (e) {
      post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  };
}
