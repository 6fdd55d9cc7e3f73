/** A worker thread of import-pool.ts: runs prepareImport (parse, map, validate) off the request thread. */
import { prepareImport, type PrepareImportInput } from './import-prepare.js';
import { packPrepared, type PackedImport } from './import-transfer.js';
import type { ErrorCode, Issue } from '@roster/contract';
import { jsonBodyOf } from '../lib/json-body.js';
import { ApiError } from '../errors.js';

export default function run(input: PrepareImportInput): PackedImport {
  return packPrepared(prepareImport(input));
}

/** A large request body's JSON, parsed here (piscina's `parseBody` task): the body, or the 400 it earns. */
export function parseBody(text: string): { body: unknown } | { error: { code: ErrorCode; message: string; issues: Issue[] | undefined } } {
  try {
    return { body: jsonBodyOf(text) };
  } catch (e) {
    if (e instanceof ApiError) return { error: { code: e.code, message: e.message, issues: e.issues } };
    throw e;
  }
}
