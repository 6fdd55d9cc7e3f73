/// <reference lib="webworker" />
/**
 * The benchmark's side-by-side worker: in one worker and one run, (a) bare libphonenumber-js parsing of the phone
 * column — the floor no validator can beat — and (b) the contract's whole import pipeline (parse the text, map the
 * columns, validate every cell, find duplicates) over the same rows. The measurement is the contract bench's own
 * (packages/contract/bench/side-by-side.ts), which Node runs too.
 */
import { sideBySide } from '../../contract/bench/side-by-side.js';

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (e: MessageEvent<{ text: string; phones: string[]; rounds: number }>) => {
  const { text, phones, rounds } = e.data;
  scope.postMessage(sideBySide(text, phones, rounds));
};
