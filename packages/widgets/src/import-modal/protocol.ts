import type { ImportCatalog, ImportAttribute, ImportColumn, ImportMode, Messages, PolicyProfile, UserKind } from '@roster/contract';

/**
 * What `<import-modal>` and its worker say to each other. The worker owns the table; the page asks for the rows it
 * shows, so no message and no garbage collection of 100,000 rows ever blocks the page.
 */
export type ToWorker =
  /**
   * A slice of the text of the `load` with the same `id` that follows: 10 MB posted in one message would block the
   * page while it is copied, so the page posts it in slices, one task each. `load` carries the last slice.
   */
  | { type: 'text'; id: number; part: string }
  | {
      type: 'load';
      id: number;
      text: string;
      source: 'clipboard' | 'file';
      profile: PolicyProfile;
      kind: UserKind;
      hasDefaultOrganization: boolean;
      catalog: Omit<ImportCatalog, 'granted'> & { granted: string[] };
      /** The tenant's custom attributes: columns headed by key or label, each value checked by its definition. */
      attributes?: ImportAttribute[];
      /** The page's locale: the cells' problems are written in it (the contract's messages). */
      locale: string;
      /** The contract's messages in that locale, as the page has them (none for English). */
      messages?: Messages;
    }
  /** Re-validate after edits: the worker applies the same changes to its copy of the table. */
  | { type: 'update'; columns?: (ImportColumn | null)[]; hasHeader?: boolean; edits?: [row: number, column: number, value: string][]; removed?: number[]; hasDefaultOrganization?: boolean; locale?: string; messages?: Messages }
  /** The cells of these data rows, for the grid (the page holds only the rows in view). */
  | { type: 'rows'; requestId: number; indices: number[] }
  /** Build the request body (JSON text) in the worker: stringifying 100,000 rows would block the page. */
  | { type: 'body'; requestId: number; kind: UserKind; organizationId: string | null; mode: ImportMode; confirmAddSeats: boolean; sendInvitations: boolean };

/** One issue: data row, column index (-1 for the row as a whole) and message (in the page's locale). */
export type CellIssue = [row: number, column: number, message: string];

export type FromWorker =
  | { type: 'table'; columns: (ImportColumn | null)[]; hasHeader: boolean; header: string[] | null; width: number; total: number; errors: string[] }
  | { type: 'rows'; requestId: number; rows: [index: number, cells: string[]][] }
  | { type: 'progress'; phase: 'parse' | 'validate'; done: number; total: number }
  | { type: 'issues'; issues: CellIssue[]; invalidRows: number; total: number; header: string[] | null }
  | { type: 'body'; requestId: number; json: string }
  | { type: 'failed'; message: string };
