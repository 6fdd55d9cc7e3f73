/**
 * Bulk import, shared by `<import-modal>` (in its worker) and `POST /v1/users/bulk-import`: the same parser, the
 * same column mapping and the same per-cell rules, so the preview and the server never disagree.
 *
 * decode → parse (split) → detect-columns → validate (cells, fast-rules, phone-check); schemas for the route;
 * template for the download. The splitter, the cell helpers and the fast rules stay inside the folder.
 */

export * from './columns.js';
export * from './limits.js';
export * from './decode.js';
export * from './parse.js';
export * from './detect-columns.js';
export type { ImportCellIssue } from './cells.js';
export * from './validate.js';
export * from './schemas.js';
export * from './template.js';
export * from './migrated-credentials.js';
export * from './attribute-cells.js';
