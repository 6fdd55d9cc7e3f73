import type { ImportCellIssue, ImportRowResult, ValidImportRow } from '@roster/contract';
import type { PreparedImport } from './import-prepare.js';

/**
 * How a worker's result crosses to the request thread. Structured clone of 100,000 result objects cost the
 * receiving thread 0.9–2.3 s in one block (measured on this machine, loaded); one JSON text per column is copied as
 * a flat string, and the request thread parses the columns and rebuilds the rows in slices, yielding to the event
 * loop between them, so no slice holds it for more than a few milliseconds.
 */
const COLUMNS = ['firstName', 'lastName', 'email', 'emailNormalized', 'username', 'usernameNormalized', 'phone', 'roleIds', 'groupIds', 'organizationId'] as const satisfies readonly (keyof ValidImportRow)[];

export type PackedImport =
  | Exclude<PreparedImport, { outcome: 'validated' }>
  | {
      outcome: 'validated';
      packed: true;
      rowCount: number;
      /** JSON: the index of each valid row, ascending. */
      validRows: string;
      /** JSON per column of ValidImportRow: the values of the valid rows, in validRows' order. */
      columns: Record<(typeof COLUMNS)[number], string>;
      /** JSON: [row index, issues] of every row with issues. */
      invalid: string;
      failedEmails: string;
    };

export function packPrepared(p: PreparedImport): PackedImport {
  if (p.outcome !== 'validated') return p;
  const validRows: number[] = [];
  const invalid: [number, ImportCellIssue[]][] = [];
  for (let i = 0; i < p.results.length; i++) {
    const r = p.results[i]!;
    if (r.value) validRows.push(i);
    else invalid.push([i, r.issues]);
  }
  const columns = {} as Record<(typeof COLUMNS)[number], string>;
  for (const c of COLUMNS) columns[c] = JSON.stringify(validRows.map((i) => p.results[i]!.value![c]));
  return { outcome: 'validated', packed: true, rowCount: p.rowCount, validRows: JSON.stringify(validRows), columns, invalid: JSON.stringify(invalid), failedEmails: JSON.stringify(p.failedEmails) };
}

const SLICE = 5_000;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function unpackPrepared(p: PackedImport): Promise<PreparedImport> {
  if (p.outcome !== 'validated') return p;
  const validRows = JSON.parse(p.validRows) as number[];
  await yieldToLoop();
  const cols = {} as Record<(typeof COLUMNS)[number], unknown[]>;
  for (const c of COLUMNS) {
    cols[c] = JSON.parse(p.columns[c]) as unknown[];
    await yieldToLoop();
  }
  const results: ImportRowResult[] = new Array(p.rowCount);
  for (let k = 0; k < validRows.length; k++) {
    const v = {} as Record<string, unknown>;
    for (const c of COLUMNS) v[c] = cols[c][k];
    results[validRows[k]!] = { value: v as unknown as ValidImportRow, issues: [] };
    if ((k + 1) % SLICE === 0) await yieldToLoop();
  }
  const invalid = JSON.parse(p.invalid) as [number, ImportCellIssue[]][];
  for (let k = 0; k < invalid.length; k++) {
    const [i, issues] = invalid[k]!;
    results[i] = { value: null, issues };
    if ((k + 1) % SLICE === 0) await yieldToLoop();
  }
  return { outcome: 'validated', rowCount: p.rowCount, results, failedEmails: JSON.parse(p.failedEmails) as Record<number, string> };
}

/**
 * A bulk import's answer as JSON text, its results serialised in slices with the event loop free between them:
 * JSON.stringify of 100,000 outcomes (~6 MB) held the request thread for 100–250 ms in one piece.
 */
export async function importResponseJson(body: { results: readonly unknown[] }): Promise<string> {
  const { results, ...rest } = body;
  const head = JSON.stringify(rest);
  const parts = [`${head.slice(0, -1)}${head === '{}' ? '' : ','}"results":[`];
  for (let k = 0; k < results.length; k += SLICE) {
    if (k > 0) {
      parts.push(',');
      await yieldToLoop();
    }
    parts.push(JSON.stringify(results.slice(k, k + SLICE)).slice(1, -1));
  }
  parts.push(']}');
  return parts.join('');
}
