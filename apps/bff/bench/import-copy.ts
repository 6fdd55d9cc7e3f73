/**
 * The import benchmark's baseline: a bare `COPY … FROM STDIN (csv)` of the very user rows the commit wrote, into
 * `bench_users_copy` (`like users including all`: the same columns (the search text among those the COPY sets), generated columns, defaults, checks and indexes;
 * no foreign keys), filled first with tenant A's existing rows.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ImportRowInput } from '@roster/contract';
import { EMAIL_LIKE } from './import-rows.js';
import { seconds } from './stats.js';

export const COPY_TABLE = 'bench_users_copy';
/** The columns the import's `insert into users` sets; the rest take their defaults in both tables. */
export const COPY_COLUMNS = [
  'tenant_id', 'kind', 'organization_id', 'first_name', 'last_name', 'email', 'email_normalized', 'username',
  'username_normalized', 'phone', 'search_text', 'availability', 'status', 'invitation_expires_at', 'notification_preferences',
  // Empty for the plain rows; the migrated rows' (BENCH_IMPORT_CREDENTIALS=bcrypt) external ids and hashes.
  'external_id', 'password_hash',
] as const;

export interface CopyInfo {
  rows: number;
  indexes: string[];
  indexDiff: string[];
  generated: string[];
  seconds: number;
}

/** `like users including all`, then tenant A's rows (secondary indexes dropped for the load and rebuilt after, as the seed does). */
export async function prepareCopyTable(c: pg.Client, tenantId: string): Promise<CopyInfo> {
  const s0 = performance.now();
  await c.query(`create table ${COPY_TABLE} (like users including all)`);
  const normalize = (def: string, table: string) => def.replace(/^CREATE (UNIQUE )?INDEX \S+ ON public\.\S+/, `CREATE $1INDEX ON ${table}`).replace(/\s+/g, ' ');
  const indexesOf = async (table: string) =>
    (await c.query<{ name: string; def: string; constraint: boolean }>(
      `select i.indexname as name, i.indexdef as def, exists (select 1 from pg_constraint k where k.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass) as constraint
         from pg_indexes i where i.schemaname = 'public' and i.tablename = $1 order by i.indexname`,
      [table],
    )).rows;
  const src = await indexesOf('users');
  const dst = await indexesOf(COPY_TABLE);
  const a = new Set(src.map((x) => normalize(x.def, 'T')));
  const b = new Set(dst.map((x) => normalize(x.def, 'T')));
  const indexDiff = [...[...a].filter((x) => !b.has(x)).map((x) => `missing: ${x}`), ...[...b].filter((x) => !a.has(x)).map((x) => `extra: ${x}`)];

  const cols = await c.query<{ name: string; generated: string; identity: string }>(
    `select attname as name, attgenerated as generated, attidentity as identity from pg_attribute
      where attrelid = $1::regclass and attnum > 0 and not attisdropped order by attnum`,
    [COPY_TABLE],
  );
  const generated = cols.rows.filter((x) => x.generated !== '').map((x) => x.name);
  const insertable = cols.rows.filter((x) => x.generated === '').map((x) => `"${x.name}"`);

  // Load without the secondary indexes, then build them with their exact definitions (the unique constraints stay).
  const secondary = dst.filter((x) => !x.constraint);
  for (const i of secondary) await c.query(`drop index "${i.name}"`);
  await c.query(`set maintenance_work_mem = '512MB'`);
  const inserted = await c.query(`insert into ${COPY_TABLE} (${insertable.join(', ')}) select ${insertable.join(', ')} from users where tenant_id = $1`, [tenantId]);
  for (const i of secondary) await c.query(i.def);
  await c.query(`reset maintenance_work_mem`);
  await c.query(`vacuum (analyze) ${COPY_TABLE}`);
  const final = await indexesOf(COPY_TABLE);
  if (final.length !== dst.length) throw new Error(`${COPY_TABLE} has ${final.length} indexes after the load, ${dst.length} before`);
  return { rows: inserted.rowCount ?? 0, indexes: final.map((x) => x.def), indexDiff, generated, seconds: seconds(s0) };
}

/** A CSV cell: NULL unquoted and empty, every value quoted (so an empty string stays an empty string). */
const cell = (v: string | null) => (v === null ? '' : `"${v.replace(/"/g, '""')}"`);

/** The user rows the commit wrote, as CSV lines in file order, for the COPY of the same rows. */
export async function csvOfImported(c: pg.Client, tenantId: string, rows: readonly ImportRowInput[]): Promise<string[]> {
  const res = await c.query<Record<(typeof COPY_COLUMNS)[number], string | null>>(
    `select ${COPY_COLUMNS.map((k) => `${k}::text as ${k}`).join(', ')} from users where tenant_id = $1 and email_normalized like $2`,
    [tenantId, EMAIL_LIKE],
  );
  const byEmail = new Map(res.rows.map((r) => [r.email_normalized, r]));
  const lines: string[] = [];
  for (const row of rows) {
    const r = byEmail.get(String(row.email).toLowerCase());
    if (!r) throw new Error(`imported row ${row.email} not found`);
    lines.push(COPY_COLUMNS.map((k) => cell(r[k])).join(',') + '\n');
  }
  return lines;
}

/** COPY of the prepared CSV into the copy table in one transaction: seconds from the COPY's start to the commit. */
export async function bareCopy(c: pg.Client, lines: readonly string[], n: number): Promise<number> {
  // Chunks of about 64 kB, built before the clock starts.
  const chunks: string[] = [];
  let buf = '';
  for (const l of lines) {
    buf += l;
    if (buf.length >= 65_536) {
      chunks.push(buf);
      buf = '';
    }
  }
  if (buf) chunks.push(buf);
  const s0 = performance.now();
  await c.query('begin');
  const stream = c.query(copyFrom(`copy ${COPY_TABLE} (${COPY_COLUMNS.join(', ')}) from stdin with (format csv)`));
  await pipeline(Readable.from(chunks), stream);
  await c.query('commit');
  const s = seconds(s0);
  if (stream.rowCount !== n) throw new Error(`COPY wrote ${stream.rowCount} rows, expected ${n}`);
  return s;
}
