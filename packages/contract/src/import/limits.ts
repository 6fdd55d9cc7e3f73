/**
 * The import's documented limits; beyond them the API answers 413 and the modal says so before sending anything.
 */

export const MAX_IMPORT_ROWS = 100_000;
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** A cell longer than this is refused outright (no field allows it) and never echoed back whole. */
export const MAX_IMPORT_CELL_CHARS = 1000;
