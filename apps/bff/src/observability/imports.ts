import { ApiError } from '../errors.js';
import { log } from './log.js';
import { observeImport, type ImportResult } from './metrics.js';

/** What a bulk import committed (filled by the import when its transaction commits). */
export interface ImportRows {
  committed?: { imported: number; skipped: number; failed: number };
}

export interface ImportWatch {
  start: number;
  tenantId: string;
  requestId: string | undefined;
  dryRun: boolean;
  rows: ImportRows;
}

/** A bulk import begins: logged (tenant, request id, size; never the rows). */
export function importStarted(o: { tenantId: string; requestId: string | undefined; dryRun: boolean; bytes: number }): ImportWatch {
  log().info({ event: 'import.start', tenantId: o.tenantId, requestId: o.requestId, dryRun: o.dryRun, bytes: o.bytes }, 'import started');
  return { start: performance.now(), tenantId: o.tenantId, requestId: o.requestId, dryRun: o.dryRun, rows: {} };
}

/** …and ends: its duration and rows in the metrics and a log line (a refusal names its error code only). */
export function importFinished(w: ImportWatch, result: ImportResult, error?: unknown) {
  const ms = performance.now() - w.start;
  const rows = result === 'committed' ? w.rows.committed : undefined;
  observeImport(result, ms / 1000, rows);
  const code = error instanceof ApiError ? error.code : error ? 'internal_error' : undefined;
  log().info({ event: 'import.finish', tenantId: w.tenantId, requestId: w.requestId, result, durationMs: Math.round(ms), ...(rows ?? {}), ...(code ? { code } : {}) }, 'import finished');
}
