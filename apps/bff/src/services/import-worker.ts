/** A worker thread of import-pool.ts: runs prepareImport (parse, map, validate) off the request thread. */
import { prepareImport, type PrepareImportInput } from './import-prepare.js';
import { packPrepared, type PackedImport } from './import-transfer.js';

export default function run(input: PrepareImportInput): PackedImport {
  return packPrepared(prepareImport(input));
}
