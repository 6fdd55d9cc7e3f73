import type { ReactiveControllerHost } from 'lit';
import type { ImportColumn, Issue } from '@roster/contract';
import { contractMessage } from '../translations/contract-messages.js';
import type { CellIssue, FromWorker, ToWorker } from './protocol.js';
import type { ImportWorkerChannel } from './worker-channel.js';

type Update = Omit<Extract<ToWorker, { type: 'update' }>, 'type'>;

/**
 * The table being imported, as `<import-modal>` shows it. The worker holds the rows; this keeps what the page needs of
 * them (header, each column's field, the row count, the issues by row, the rows in view, the selection), applies
 * every edit to the rows in view at once and sends it to the worker to be checked again — cell edits grouped, 250 ms
 * after the last.
 */
export class ImportTable {
  header: string[] | null = null;
  columns: (ImportColumn | null)[] = [];
  /** Data rows in the table (the worker holds them; `cache` has the ones in view). */
  rowCount = 0;
  parseErrors: string[] = [];
  issues = new Map<number, CellIssue[]>();
  invalidRows = 0;
  selected = new Set<number>();
  cache = new Map<number, string[]>();
  /** Cell edits the worker has not been sent yet. */
  pendingEdits: [number, number, string][] = [];
  private editTimer: ReturnType<typeof setTimeout> | undefined;

  /** `checking` is told each time the table goes to the worker to be checked again. */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly worker: ImportWorkerChannel,
    private readonly checking: () => void,
  ) {}

  /** The worker read a new table. */
  read(m: Extract<FromWorker, { type: 'table' }>): void {
    this.header = m.header;
    this.columns = [...m.columns, ...Array.from({ length: Math.max(0, m.width - m.columns.length) }, () => null)];
    this.rowCount = m.total;
    this.cache = new Map();
    this.parseErrors = m.errors;
    this.selected = new Set();
    this.issues = new Map();
    this.host.requestUpdate();
  }

  /** The cells of the rows the grid asked for. */
  received(rows: [index: number, cells: string[]][]): void {
    for (const [i, cells] of rows) this.cache.set(i, cells);
    this.host.requestUpdate();
  }

  /** The worker checked the table: its issues by row. */
  checked(m: Extract<FromWorker, { type: 'issues' }>): void {
    const map = new Map<number, CellIssue[]>();
    for (const issue of m.issues) {
      const list = map.get(issue[0]);
      if (list) list.push(issue);
      else map.set(issue[0], [issue]);
    }
    this.issues = map;
    this.invalidRows = m.invalidRows;
    if (m.total !== this.rowCount || m.header !== this.header) this.cache = new Map();
    this.rowCount = m.total;
    this.header = m.header;
    this.host.requestUpdate();
  }

  /** Sends the waiting cell edits, with any other change, to be checked again. */
  revalidate(extra: Update = {}): void {
    clearTimeout(this.editTimer);
    const edits = this.pendingEdits;
    this.pendingEdits = [];
    this.checking();
    this.worker.post({ type: 'update', edits, ...extra });
  }

  setCell(row: number, column: number, value: string): void {
    const cells = this.cache.get(row);
    if (cells) {
      while (cells.length <= column) cells.push('');
      cells[column] = value;
    }
    this.pendingEdits.push([row, column, value]);
    clearTimeout(this.editTimer);
    this.editTimer = setTimeout(() => this.revalidate(), 250);
  }

  /** Asks the worker for the rows in view that the page does not hold yet (one request at a time). */
  fetchRows(indices: number[]): void {
    if (this.worker.fetching || indices.length === 0) return;
    if (this.cache.size > 2_000) this.cache = new Map();
    this.worker.requestRows(indices);
  }

  /** `field` for the column at `index`; another column that had the same field loses it (a field maps to one column). */
  setColumn(index: number, field: ImportColumn | null): void {
    this.columns = this.columns.map((f, i) => (i === index ? field : f === field && field !== null ? null : f));
    this.revalidate({ columns: this.columns });
  }

  setHasHeader(on: boolean): void {
    this.selected = new Set();
    this.cache = new Map();
    this.revalidate({ hasHeader: on });
  }

  removeRows(indices: number[]): void {
    this.rowCount -= new Set(indices).size;
    this.selected = new Set();
    this.cache = new Map();
    this.revalidate({ removed: indices });
  }

  select(rows: Set<number>): void {
    this.selected = rows;
    this.host.requestUpdate();
  }

  toggle(row: number, on: boolean): void {
    const next = new Set(this.selected);
    if (on) next.add(row);
    else next.delete(row);
    this.select(next);
  }

  /** Writes `value` into the `field` column of every selected row; a table without that column gets one, headed `label`. */
  applyToSelected(field: 'roles' | 'groups', value: string, label: string): void {
    let column = this.columns.indexOf(field);
    if (column === -1) {
      column = this.columns.length;
      this.columns = [...this.columns, field];
      if (this.header) this.header = [...this.header, label];
    }
    for (const row of this.selected) this.setCell(row, column, value);
    this.revalidate({ columns: this.columns });
  }

  /** Issues the server found (existing users, limits) are shown in the grid like the worker's, in `locale`. */
  mergeServerIssues(list: Issue[], locale: string): void {
    const map = new Map(this.issues);
    for (const issue of list) {
      if (issue.path[0] !== 'rows' || typeof issue.path[1] !== 'number') continue;
      const row = issue.path[1];
      const column = this.columns.indexOf(issue.path[2] as ImportColumn);
      const existing = map.get(row) ?? [];
      const message = contractMessage(issue, locale);
      if (!existing.some((x) => x[2] === message)) map.set(row, [...existing, [row, column, message]]);
    }
    this.issues = map;
    this.invalidRows = map.size;
    this.host.requestUpdate();
  }

  reset(): void {
    this.rowCount = 0;
    this.cache = new Map();
    this.header = null;
    this.columns = [];
    this.issues = new Map();
    this.parseErrors = [];
    this.selected = new Set();
    this.host.requestUpdate();
  }
}
