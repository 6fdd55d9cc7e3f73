import {
  MAX_IMPORT_ROWS,
  detectColumns,
  parseImportText,
  rowsFromTable,
  validateImportRows,
  type ImportCatalog,
  type AttributeDefinition,
  type ImportColumn,
  type ImportRowInput,
  type ImportRowResult,
  type PolicyProfile,
  type RuleMessage,
  type UserKind,
} from '@roster/contract';
import { phoneMetadata } from '@roster/contract/phone-metadata';

/**
 * The CPU-bound part of a bulk import — parse the text, detect and map its columns, validate every row against
 * the tenant's profile and catalogue, find duplicates inside the file — as one pure function of plain data, so
 * the very same code runs inline (small imports) or in a worker thread (import-pool.ts). Failures come back as
 * data; the service turns them into its API errors.
 */
export interface PrepareImportInput {
  kind: UserKind;
  text?: string | undefined;
  rows?: ImportRowInput[] | undefined;
  source?: 'clipboard' | 'file' | 'api' | undefined;
  columns?: (ImportColumn | null)[] | undefined;
  hasHeader?: boolean | undefined;
  profile: PolicyProfile;
  names: { roles: string[]; groups: string[]; organizations: string[] };
  catalog: ImportCatalog;
  hasDefaultOrganization: boolean;
  /** The tenant's custom attributes: columns headed by their key or label, each row's values checked by them. */
  attributes: readonly AttributeDefinition[];
}

export type PreparedImport =
  | { outcome: 'table-errors'; messages: RuleMessage[] }
  | { outcome: 'no-email-column' }
  | { outcome: 'too-many-rows'; rowCount: number }
  | { outcome: 'no-rows' }
  | {
      outcome: 'validated';
      rowCount: number;
      results: ImportRowResult[];
      /** The email cell (≤ 320 characters) of each row that failed validation, for its outcome. */
      failedEmails: Record<number, string>;
    };

export function prepareImport(a: PrepareImportInput): PreparedImport {
  let rows: ImportRowInput[];
  if (a.rows) rows = a.rows;
  else {
    const table = parseImportText(a.text ?? '', a.source ?? 'api');
    if (table.errors.length > 0) return { outcome: 'table-errors', messages: table.errors.slice(0, 20).map(({ row: _row, ...m }) => m) };
    const detected = detectColumns(table.rows, a.profile, { ...a.names, attributes: a.attributes });
    const mapping = { hasHeader: a.hasHeader ?? detected.hasHeader, columns: a.columns ?? detected.columns };
    if (!mapping.columns.includes('email')) return { outcome: 'no-email-column' };
    rows = rowsFromTable(table.rows, mapping);
  }
  if (rows.length > MAX_IMPORT_ROWS) return { outcome: 'too-many-rows', rowCount: rows.length };
  if (rows.length === 0) return { outcome: 'no-rows' };
  const { results } = validateImportRows(rows, {
    profile: a.profile,
    metadata: phoneMetadata,
    kind: a.kind,
    catalog: a.catalog,
    hasDefaultOrganization: a.hasDefaultOrganization,
    attributes: a.attributes,
  });
  const failedEmails: Record<number, string> = {};
  for (let i = 0; i < results.length; i++) {
    const email = rows[i]?.email;
    if (!results[i]!.value && typeof email === 'string') failedEmails[i] = email.slice(0, 320);
  }
  return { outcome: 'validated', rowCount: rows.length, results, failedEmails };
}
