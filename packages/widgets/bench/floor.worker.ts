/// <reference lib="webworker" />
/**
 * The benchmark's side-by-side worker: in one worker and one run, (a) bare libphonenumber-js parsing of the phone
 * column — the floor no validator can beat — and (b) the contract's whole import pipeline (parse the text, map the
 * columns, validate every cell, find duplicates) over the same rows.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/core';
import { detectColumns, parseImportText, profilePresets, rowsFromTable, validateImportRows } from '@roster/contract';
import { phoneMetadata } from '@roster/contract/phone-metadata';

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (e: MessageEvent<{ text: string; phones: string[]; rounds: number }>) => {
  const { text, phones, rounds } = e.data;
  const floor: number[] = [];
  const pipeline: number[] = [];
  const parts: { parse: number; map: number; validate: number }[] = [];
  let valid = 0;
  let invalid = 0;
  for (let r = 0; r < rounds; r++) {
    let t = performance.now();
    valid = 0;
    for (const p of phones) if (parsePhoneNumberFromString(p, phoneMetadata)?.isValid()) valid++;
    floor.push(performance.now() - t);
    t = performance.now();
    const table = parseImportText(text, 'clipboard');
    const parsed = performance.now();
    const mapping = detectColumns(table.rows, profilePresets.default);
    const rows = rowsFromTable(table.rows, mapping);
    const mapped = performance.now();
    const result = validateImportRows(rows, {
      profile: profilePresets.default,
      metadata: phoneMetadata,
      kind: 'technician',
      catalog: { roles: [], groups: [], organizations: [], granted: new Set() },
    }, undefined, false);
    invalid = result.invalidRows;
    const end = performance.now();
    pipeline.push(end - t);
    parts.push({ parse: parsed - t, map: mapped - parsed, validate: end - mapped });
  }
  scope.postMessage({ floor, pipeline, parts, valid, invalid });
};
