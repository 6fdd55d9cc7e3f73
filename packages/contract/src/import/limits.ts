/**
 * The import's documented limits; beyond them the API answers 413 and the modal says so before sending anything.
 * Every place that enforces the size limit — the modal, its worker, the route's body limit and the service — says
 * the one sentence below, so a person reads the same limit wherever the import is stopped.
 */

export const MAX_IMPORT_ROWS = 100_000;
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** A cell longer than this is refused outright (no field allows it) and never echoed back whole. */
export const MAX_IMPORT_CELL_CHARS = 1000;

/** `MAX_IMPORT_BYTES` as people read it: megabytes. */
export const MAX_IMPORT_MB = MAX_IMPORT_BYTES / 1024 / 1024;
/** Why an import over the size limit is refused (the error's message; the modal's English text). */
export const importTooLargeMessage = `An import can be at most ${MAX_IMPORT_MB} MB of text or ${MAX_IMPORT_ROWS.toLocaleString('en')} rows; split it into smaller files.`;
/** The issue on the field that holds too much text. */
export const importTooLargeIssue = `Can be at most ${MAX_IMPORT_MB} MB.`;
