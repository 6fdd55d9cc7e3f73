import { parsePhoneNumberFromString } from 'libphonenumber-js/core';
import { detectColumns, parseImportText, profilePresets, rowsFromTable, validateImportRows } from '../src/index.js';
import { phoneMetadata } from '../src/phone-metadata.js';

export interface SideBySide {
  /** ms per round: bare libphonenumber-js parse + isValid of the phone column. */
  floor: number[];
  /** ms per round: the contract's whole import pipeline over the same rows. */
  pipeline: number[];
  parts: { parse: number; map: number; validate: number }[];
  /** Phones valid by the floor, rows invalid by the pipeline (last round). */
  valid: number;
  invalid: number;
}

/**
 * The import benchmarks' measurement, run where it is called (the browser bench's worker, or Node): `rounds`
 * times, the floor — bare libphonenumber-js parsing of the phone column, which no validator can beat — and then
 * the pipeline (parse the text, map the columns, validate every cell, find duplicates) over the same rows.
 */
export function sideBySide(text: string, phones: readonly string[], rounds: number, withFloor = true): SideBySide {
  const out: SideBySide = { floor: [], pipeline: [], parts: [], valid: 0, invalid: 0 };
  for (let r = 0; r < rounds; r++) {
    let t = performance.now();
    let valid = 0;
    if (withFloor) for (const p of phones) if (parsePhoneNumberFromString(p, phoneMetadata)?.isValid()) valid++;
    out.floor.push(performance.now() - t);
    out.valid = valid;
    t = performance.now();
    const table = parseImportText(text, 'clipboard');
    const parsed = performance.now();
    const mapping = detectColumns(table.rows, profilePresets.default);
    const rows = rowsFromTable(table.rows, mapping);
    const mapped = performance.now();
    const result = validateImportRows(
      rows,
      { profile: profilePresets.default, metadata: phoneMetadata, kind: 'technician', catalog: { roles: [], groups: [], organizations: [], granted: new Set() } },
      undefined,
      false,
    );
    const end = performance.now();
    out.invalid = result.invalidRows;
    out.pipeline.push(end - t);
    out.parts.push({ parse: parsed - t, map: mapped - parsed, validate: end - mapped });
  }
  return out;
}
