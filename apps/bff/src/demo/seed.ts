import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeEmail } from '@roster/contract';
import type { Services } from '../services/context.js';
import { createTenant } from '../services/tenants.service.js';
import { insertOrganizations } from '../db/repositories/organizations.repository.js';
import { assignRoles, listRoles } from '../db/repositories/roles.repository.js';
import { insertUsers } from '../db/repositories/users.repository.js';
import { hasTenants } from '../db/repositories/tenants.repository.js';
import type { NewUserRow } from '../db/tables.js';

export interface DemoCredentials {
  tenantId: string;
  adminUserId: string;
  clientId: string;
  clientSecret: string;
}

const FIRST = ['Anna', 'Ben', 'Chloé', 'David', 'Elif', 'Felix', 'Grace', 'Hannes', 'Ines', 'Jonas', 'Kateřina', 'Liam', 'Maja', 'Noah', 'Olivia', 'Paul', 'Quentin', 'Rosa', 'Søren', 'Tara', 'Uwe', 'Vera', 'William', 'Xenia', 'Yusuf', 'Zoë', "Aoife", 'Björn', 'Camille', 'Dmitri'];
const LAST = ['Müller', 'Smith', 'García', 'Nguyen', 'Kowalski', "O'Brien", 'Schmidt', 'Johnson', 'Rossi', 'Dubois', 'Jensen', 'Novak', 'Silva', 'Yılmaz', 'Andersson', 'Brown', 'Fischer', 'Tanaka', 'Martin', 'Weber', 'Kim', 'Lopez', 'Meyer', 'Wilson', 'Hoffmann'];
const ORGS = ['Acme Dental Group', 'Borealis Logistics', 'Contoso Legal'];

/** A small deterministic generator, so that every fresh demo database looks the same. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/**
 * On an empty database: a demo tenant with three organizations and a few hundred technicians and end users.
 * Its OAuth client's credentials are kept in the data directory, where the demo host backend reads them,
 * as a vendor would keep them in its own configuration.
 */
export async function seedDemo(s: Services, options: { technicians?: number; endUsers?: number } = {}): Promise<DemoCredentials> {
  const file = join(s.config.dataDir, 'demo-credentials.json');
  if (await hasTenants(s.platformDb)) {
    if (!existsSync(file)) throw new Error(`The database has tenants but ${file} is missing; remove the data directory to re-seed the demo.`);
    return JSON.parse(readFileSync(file, 'utf8')) as DemoCredentials;
  }
  const created = await createTenant(
    { ...s, db: s.platformDb },
    { name: 'Demo MSP', profile: 'default', rootAdmin: { firstName: 'Dana', lastName: 'Admin', email: 'dana.admin@demo-msp.example' } },
    { rootAdminStatus: 'active' },
  );
  const tenantId = created.tenant.id;
  const orgs = await insertOrganizations(s.platformDb, tenantId, ORGS);
  const roles = await listRoles(s.platformDb, tenantId);
  const roleId = (key: string) => roles.find((r) => r.key === key)!.id;
  const random = rng(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const rows: NewUserRow[] = [];
  const wanted: { email: string; role: string }[] = [];
  const used = new Set<string>();
  const add = (kind: 'technician' | 'end_user', organizationId: string | null, domain: string, role: string) => {
    let first: string, last: string, email: string;
    do {
      first = pick(FIRST);
      last = pick(LAST);
      email = `${first}.${last}${used.size % 7 === 0 ? used.size : ''}@${domain}`
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/[^A-Za-z0-9.@-]/g, '')
        .replace(/ı/g, 'i')
        .toLowerCase();
    } while (used.has(email));
    used.add(email);
    const r = random();
    const status = r < 0.7 ? 'active' : r < 0.85 ? 'invited' : r < 0.95 ? 'deactivated' : 'locked_out';
    const daysAgo = Math.floor(random() * 400);
    rows.push({
      tenant_id: tenantId,
      kind,
      organization_id: organizationId,
      first_name: first,
      last_name: last,
      email,
      email_normalized: normalizeEmail(email),
      username: email,
      username_normalized: email,
      phone: random() < 0.5 ? `+1202555${String(1000 + Math.floor(random() * 8999))}` : null,
      availability: kind === 'technician' ? (random() < 0.8 ? 'available' : 'out_of_office') : null,
      status,
      mfa_state: status === 'active' || status === 'deactivated' || status === 'locked_out' ? (random() < 0.9 ? 'enrolled' : 'not_enrolled') : 'not_enrolled',
      password_hash: null,
      invitation_expires_at: status === 'invited' ? new Date(Date.now() + (random() < 0.5 ? 1 : -1) * 86400_000).toISOString() : null,
      last_login_at: status === 'invited' ? null : new Date(Date.now() - Math.floor(random() * 30) * 86400_000).toISOString(),
      locked_until: status === 'locked_out' ? new Date(Date.now() + 10 * 60_000).toISOString() : null,
      created_at: new Date(Date.now() - daysAgo * 86400_000).toISOString(),
    });
    wanted.push({ email, role });
  };
  for (let i = 0; i < (options.technicians ?? 60); i++) {
    add('technician', null, 'demo-msp.example', random() < 0.2 ? 'system_admin' : random() < 0.5 ? 'user' : 'billing');
  }
  for (let i = 0; i < (options.endUsers ?? 240); i++) {
    const org = orgs[i % orgs.length]!;
    add('end_user', org.id, org.name.split(' ')[0]!.toLowerCase() + '.example', random() < 0.1 ? 'co_managed_user' : 'user');
  }
  await s.platformDb.transaction().execute(async (trx) => {
    const inserted = await insertUsers(trx, rows);
    const idOf = new Map(inserted.map((u) => [u.email, u.id]));
    await assignRoles(trx, tenantId, wanted.map((w) => ({ userId: idOf.get(w.email)!, roleId: roleId(w.role) })));
  });
  const credentials: DemoCredentials = {
    tenantId,
    adminUserId: created.rootAdmin.id,
    clientId: created.oauthClient.clientId,
    clientSecret: created.oauthClient.clientSecret,
  };
  mkdirSync(s.config.dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}
