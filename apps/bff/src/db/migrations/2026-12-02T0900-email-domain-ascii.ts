import { domainToASCII } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { log } from '../../observability/log.js';

/**
 * Lookup keys of addresses whose domain is not ASCII take the domain's UTS #46 ASCII form (punycode), as
 * `normalizeEmail` now makes them: `user@bücher.example` is `user@xn--bcher-kva.example`. A key that another user
 * of the tenant already holds in that form is left as it was (two accounts that were one person stay two; an
 * admin merges them) rather than failing the start. Frozen in time: its own copy of the mapping.
 */
function asciiKey(key: string): string {
  const at = key.lastIndexOf('@');
  if (at < 0) return key;
  const domain = domainToASCII(key.slice(at + 1));
  return domain ? `${key.slice(0, at + 1)}${domain}` : key;
}

export async function up(db: Kysely<any>): Promise<void> {
  const rows = await sql<{ id: string; tenant_id: string; email_normalized: string; username_normalized: string | null }>`
    select id, tenant_id, email_normalized, username_normalized from users
    where octet_length(email_normalized) <> char_length(email_normalized)
       or octet_length(username_normalized) <> char_length(username_normalized)`.execute(db);
  for (const row of rows.rows) {
    const email = asciiKey(row.email_normalized);
    const username = row.username_normalized === null ? null : asciiKey(row.username_normalized);
    const free = await sql<{ n: number }>`
      select count(*)::int as n from users where tenant_id = ${row.tenant_id} and id <> ${row.id}
        and (email_normalized = ${email} or (${username}::text is not null and username_normalized = ${username}))`.execute(db);
    if ((free.rows[0]?.n ?? 0) > 0) {
      log().warn({ migration: 'email-domain-ascii', tenantId: row.tenant_id }, 'address already taken by another user of the tenant; left as it is');
      continue;
    }
    await sql`update users set email_normalized = ${email}, username_normalized = ${username} where id = ${row.id}`.execute(db);
  }
}

export async function down(): Promise<void> {
  // The Unicode form cannot be told back from the ASCII one; both are valid keys of the same address.
}
