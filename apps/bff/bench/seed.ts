/**
 * Seeds the benchmark database: tenants through the real app (platform API), then users, organizations and role
 * assignments with `INSERT … SELECT generate_series` (one statement per tenant, deterministic via setseed).
 *
 * Names come from lists with a skewed (Zipf-like) pick, so common names are common and a 3+ character substring
 * has a realistic selectivity; emails are name combinations with a numeric suffix (unique per tenant).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { searchFold, type CreateTenantResponse } from '@roster/contract';
import { createApp } from '../src/app.js';
import { createDb } from '../src/db/create-db.js';
import { createServices } from '../src/server.js';
import type { Config } from '../src/env.js';

/** Bump when the seed data's shape changes: a marker with another version makes the next run reseed. */
export const SEED_VERSION = 2;

export interface BenchTenant {
  key: string;
  name: string;
  users: number;
  organizations: number;
  tenantId: string;
  rootAdminId: string;
  clientId: string;
  clientSecret: string;
}

export interface SeedMarker {
  version: number;
  counts: Record<string, number>;
  tenants: BenchTenant[];
  seededAt: string;
  seedSeconds: number;
}

export interface TenantPlan {
  key: string;
  name: string;
  users: number;
  organizations: number;
}

// Ordered roughly by frequency: the skewed pick favours the start of each list.
const FIRST_NAMES = [
  'James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth', 'David', 'Barbara',
  'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Christopher', 'Nancy', 'Daniel', 'Lisa',
  'Matthew', 'Betty', 'Anthony', 'Margaret', 'Mark', 'Sandra', 'Donald', 'Ashley', 'Steven', 'Kimberly', 'Paul', 'Emily',
  'Andrew', 'Donna', 'Joshua', 'Michelle', 'Kenneth', 'Dorothy', 'Kevin', 'Carol', 'Brian', 'Amanda', 'George', 'Melissa',
  'Edward', 'Deborah', 'Ronald', 'Stephanie', 'Timothy', 'Rebecca', 'Jason', 'Sharon', 'Jeffrey', 'Laura', 'Ryan', 'Cynthia',
  'Jacob', 'Kathleen', 'Gary', 'Amy', 'Nicholas', 'Shirley', 'Eric', 'Angela', 'Jonathan', 'Helen', 'Stephen', 'Anna',
  'Larry', 'Brenda', 'Justin', 'Pamela', 'Scott', 'Nicole', 'Brandon', 'Emma', 'Benjamin', 'Samantha', 'Samuel', 'Katherine',
  'Gregory', 'Christine', 'Frank', 'Debra', 'Alexander', 'Rachel', 'Raymond', 'Catherine', 'Patrick', 'Carolyn', 'Jack', 'Janet',
  'Dennis', 'Ruth', 'Jerry', 'Maria', 'Tyler', 'Heather', 'Aaron', 'Diane', 'Jose', 'Virginia', 'Adam', 'Julie', 'Henry', 'Joyce',
  'Nathan', 'Victoria', 'Douglas', 'Olivia', 'Zachary', 'Kelly', 'Peter', 'Christina', 'Kyle', 'Lauren', 'Walter', 'Joan',
  'Ethan', 'Evelyn', 'Jeremy', 'Judith', 'Harold', 'Megan', 'Keith', 'Cheryl', 'Christian', 'Andrea', 'Roger', 'Hannah',
  'Noah', 'Martha', 'Gerald', 'Jacqueline', 'Carl', 'Frances', 'Terry', 'Gloria', 'Sean', 'Ann', 'Austin', 'Teresa', 'Arthur',
  'Kathryn', 'Lawrence', 'Sara', 'Jesse', 'Janice', 'Dylan', 'Jean', 'Bryan', 'Alice', 'Joe', 'Madison', 'Jordan', 'Doris',
  'Lukas', 'Sofia', 'Mateo', 'Chloé', 'Jörg', 'Zoë', 'Mehmet', 'Aisha', 'Hiroshi', 'Yuki', 'Wei', 'Priya', 'Olga', 'Søren',
];
const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez',
  'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson',
  'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright',
  'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell',
  'Mitchell', 'Carter', 'Roberts', 'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards', 'Collins',
  'Reyes', 'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez', 'Ortiz', 'Morgan', 'Cooper', 'Peterson',
  'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson', 'Watson', 'Brooks', 'Chavez', 'Wood',
  'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes', 'Price', 'Alvarez', 'Castillo', 'Sanders', 'Patel', 'Myers',
  'Long', 'Ross', 'Foster', 'Jimenez', 'Powell', 'Jenkins', 'Perry', 'Russell', 'Sullivan', 'Bell', 'Coleman', 'Butler',
  'Henderson', 'Barnes', 'Gonzales', 'Fisher', 'Vasquez', 'Simmons', 'Romero', 'Jordan', 'Patterson', 'Alexander',
  'Hamilton', 'Graham', 'Reynolds', 'Griffin', 'Wallace', 'Moreno', 'West', 'Cole', 'Hayes', 'Bryant', 'Herrera', 'Gibson',
  'Ellis', 'Tran', 'Medina', 'Aguilar', 'Stevens', 'Murray', 'Ford', 'Castro', 'Marshall', 'Owens', 'Harrison', 'Fernandez',
  'McDonald', 'Woods', 'Washington', 'Kennedy', 'Wells', 'Vargas', 'Henry', 'Chen', 'Freeman', 'Webb', 'Tucker', 'Guzman',
  'Burns', 'Crawford', 'Olson', 'Simpson', 'Porter', 'Hunter', 'Gordon', 'Mendez', 'Silva', 'Shaw', 'Snyder', 'Mason',
  'Dixon', 'Munoz', 'Hunt', 'Hicks', 'Holmes', 'Palmer', 'Wagner', 'Black', 'Robertson', 'Boyd', 'Rose', 'Stone', 'Salazar',
  'Fox', 'Warren', 'Mills', 'Meyer', 'Rice', 'Schmidt', 'Garza', 'Daniels', 'Ferguson', 'Nichols', 'Stephens', 'Soto',
  'Weaver', 'Ryan', 'Gardner', 'Payne', 'Grant', 'Dunn', 'Kelley', 'Spencer', 'Hawkins', 'Arnold', 'Pierce', 'Vazquez',
  'Hansen', 'Peters', 'Santos', 'Hart', 'Bradley', 'Knight', 'Elliott', 'Cunningham', 'Duncan', 'Armstrong', 'Hudson',
  'Carroll', 'Lane', 'Riley', 'Andrews', 'Alvarado', 'Ray', 'Delgado', 'Berry', 'Perkins', 'Hoffman', 'Johnston', 'Matthews',
  'Müller', 'Schneider', 'Fischer', 'Weber', 'Becker', 'Dubois', 'Lefèvre', 'Rossi', 'Russo', 'Kowalski', 'Nowak',
  'Novák', 'Jansen', 'de Vries', 'Van Dijk', 'Larsen', 'Nielsen', 'Johansson', 'Virtanen', 'Papadopoulos', 'Yilmaz',
  'Kaya', 'Sato', 'Suzuki', 'Takahashi', 'Wang', 'Li', 'Zhang', 'Liu', 'Singh', 'Kumar', 'Sharma', "O'Brien", 'Ó Súilleabháin',
  'MacLeod', 'Ivanov', 'Petrov', 'Smirnova', 'Kovač', 'Horváth', 'Nagy', 'Popescu', 'da Silva', 'Oliveira', 'Souza',
];
const DOMAINS = [
  'gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'proton.me', 'hotmail.com', 'gmx.de', 'web.de', 'orange.fr',
  'contoso.com', 'fabrikam.com', 'northwind.example', 'acme.example', 'initech.example', 'globex.example', 'umbrella.example',
];
const ORG_WORDS_A = ['Northwind', 'Contoso', 'Fabrikam', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Acme', 'Hooli', 'Vandelay', 'Soylent', 'Tyrell', 'Cyberdyne', 'Aperture', 'Wonka'];
const ORG_WORDS_B = ['Logistics', 'Dental', 'Legal', 'Holdings', 'Retail', 'Clinic', 'Foods', 'Labs', 'Partners', 'Systems', 'Energy', 'Bank', 'Studios', 'Freight'];

export function adminClient(adminUrl: string): pg.Client {
  return new pg.Client({ connectionString: adminUrl });
}

export function databaseUrl(adminUrl: string, dbName: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  return url.toString();
}

/** Reads the marker row, if the database and the table exist. */
export async function readMarker(benchUrl: string): Promise<SeedMarker | null> {
  const c = new pg.Client({ connectionString: benchUrl });
  await c.connect();
  try {
    const t = await c.query<{ exists: boolean }>(`select to_regclass('public.bench_meta') is not null as exists`);
    if (!t.rows[0]?.exists) return null;
    const r = await c.query<{ value: SeedMarker }>(`select value from bench_meta where key = 'seed'`);
    return r.rows[0]?.value ?? null;
  } finally {
    await c.end();
  }
}

export function markerMatches(marker: SeedMarker | null, plans: readonly TenantPlan[]): marker is SeedMarker {
  if (!marker || marker.version !== SEED_VERSION) return false;
  return plans.every((p) => marker.counts[p.key] === p.users) && Object.keys(marker.counts).length === plans.length;
}

const PLATFORM_KEY = `bench-platform-${randomBytes(16).toString('hex')}`;

/** Drops and recreates the bench database, creates the tenants through the real app, seeds, writes the marker. */
export async function seed(adminUrl: string, dbName: string, plans: readonly TenantPlan[], log: (m: string) => void): Promise<SeedMarker> {
  if (!/^[a-z_][a-z0-9_]*$/.test(dbName)) throw new Error(`Unsafe database name: ${dbName}`);
  const started = performance.now();
  const admin = adminClient(adminUrl);
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.query(`create database ${dbName}`);
  } finally {
    await admin.end();
  }
  const benchUrl = databaseUrl(adminUrl, dbName);

  // Migrations (createDb) and tenants through the real app, in process: the platform API, as an operator would.
  const config: Config = {
    port: 0,
    databaseUrl: benchUrl,
    dataDir: '/nonexistent',
    platformKey: PLATFORM_KEY,
    publicUrl: 'http://127.0.0.1',
    signingKey: randomBytes(32),
    demo: false,
    smtpUrl: undefined,
    mailFrom: 'bench@localhost',
  };
  const { services, handle } = await createServices(config, { poolSize: 2 });
  const tenants: BenchTenant[] = [];
  try {
    const app = createApp(services);
    for (const plan of plans) {
      const res = await app.request('/v1/platform/tenants', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${PLATFORM_KEY}` },
        body: JSON.stringify({ name: plan.name, rootAdmin: { firstName: 'Root', lastName: 'Admin', email: `root@${plan.key}.bench.example` } }),
      });
      if (res.status !== 201) throw new Error(`tenant creation failed: ${res.status} ${await res.text()}`);
      const created = (await res.json()) as CreateTenantResponse;
      tenants.push({
        key: plan.key,
        name: plan.name,
        users: plan.users,
        organizations: plan.organizations,
        tenantId: created.tenant.id,
        rootAdminId: created.rootAdmin.id,
        clientId: created.oauthClient.clientId,
        clientSecret: created.oauthClient.clientSecret,
      });
    }
  } finally {
    await handle.close();
  }
  log(`  migrated and created ${tenants.length} tenants through the platform API`);

  const c = new pg.Client({ connectionString: benchUrl });
  await c.connect();
  try {
    await c.query(`set maintenance_work_mem = '1GB'`);
    await c.query(`set work_mem = '256MB'`);
    // The generated rows satisfy every foreign key by construction; skipping the per-row FK triggers halves the load time.
    await c.query(`set session_replication_role = replica`);
    // Root Admins act through widget tokens, which needs them active (as the tests do).
    await c.query(`update users set status = 'active', invitation_expires_at = null where is_root_admin`);

    // Build secondary indexes once, after the load, with the exact definitions the migrations created.
    const idx = await c.query<{ name: string; def: string }>(
      `select indexname as name, indexdef as def from pg_indexes
        where schemaname = 'public' and tablename in ('users', 'role_assignments')
          and indexname not in (select conname from pg_constraint where conrelid in ('users'::regclass, 'role_assignments'::regclass))`,
    );
    for (const i of idx.rows) await c.query(`drop index "${i.name}"`);

    await c.query(`select setseed(0.42)`);
    for (const t of tenants) {
      const t0 = performance.now();
      await c.query('begin');
      await c.query(
        `insert into organizations (tenant_id, name)
         select $1::uuid, ($2::text[])[1 + (g % cardinality($2::text[]))] || ' ' || ($3::text[])[1 + ((g / cardinality($2::text[])) % cardinality($3::text[]))] || ' ' || g
           from generate_series(1, $4::int) g`,
        [t.tenantId, ORG_WORDS_A, ORG_WORDS_B, t.organizations],
      );
      await c.query(
        `with orgs as (select array_agg(id order by name) as a from organizations where tenant_id = $1::uuid),
         s as materialized (
           select g,
                  1 + floor(power(random(), 2.2) * cardinality($2::text[]))::int as i_fn,
                  1 + floor(power(random(), 2.2) * cardinality($3::text[]))::int as i_ln,
                  ($4::text[])[1 + floor(power(random(), 1.5) * cardinality($4::text[]))::int] as dom,
                  random() as r_kind, random() as r_org, random() as r_status, random() as r_mfa, random() as r_mail,
                  random() as r_created, random() as r_login, random() as r_phone, random() as r_lang
             from generate_series(1, $5::int) g
         ),
         n as (
           select s.*, ($2::text[])[i_fn] as fn, ($3::text[])[i_ln] as ln, ($6::text[])[i_fn] as fnf, ($7::text[])[i_ln] as lnf from s
         ),
         m as (
           select n.*,
                  case when r_mail < 0.5 then fnf || '.' || lnf
                       when r_mail < 0.8 then left(fnf, 1) || lnf
                       else fnf || '_' || left(lnf, 3) end
                    || g::text || '@' || dom as email,
                  now() - r_created * interval '1095 days' as created
             from n
         )
         insert into users (tenant_id, kind, organization_id, first_name, last_name, email, email_normalized, username,
                            username_normalized, phone, language, availability, status, mfa_state, created_at, updated_at,
                            invitation_expires_at, last_login_at, sessions_valid_after, search_text)
         select $1::uuid,
                case when r_kind < 0.25 then 'technician' else 'end_user' end,
                case when r_kind < 0.15 then null else orgs.a[1 + floor(power(r_org, 1.7) * cardinality(orgs.a))::int] end,
                fn, ln, email, email, email, email,
                case when r_phone < 0.6 then '+1 555 ' || lpad((g % 10000000)::text, 7, '0') end,
                case when r_lang < 0.7 then 'en' when r_lang < 0.8 then 'de' when r_lang < 0.9 then 'fr' else 'es' end,
                case when r_kind < 0.25 then (case when r_login < 0.9 then 'available' else 'out_of_office' end) end,
                case when r_status < 0.80 then 'active' when r_status < 0.90 then 'invited'
                     when r_status < 0.97 then 'deactivated' else 'locked_out' end,
                case when r_mfa < 0.35 then 'enrolled' else 'not_enrolled' end,
                created, created + r_login * (now() - created),
                case when r_status >= 0.80 and r_status < 0.90 then created + interval '7 days' end,
                case when r_status < 0.80 and r_login < 0.9 then created + r_login * (now() - created) end,
                created,
                -- userSearchText(): the folded names, then the email twice (as the username); the email is folded already.
                fnf || ' ' || lnf || ' ' || email || ' ' || email
           from m, orgs`,
        [t.tenantId, FIRST_NAMES, LAST_NAMES, DOMAINS, t.users, FIRST_NAMES.map(searchFold), LAST_NAMES.map(searchFold)],
      );
      // Roles: end users get "User"; technicians one or two of the others (the page's roles query has rows to return).
      await c.query(
        `with r as (select key, id from roles where tenant_id = $1::uuid),
         u as (select id, kind, ('x' || substr(md5(id::text), 1, 8))::bit(32)::int as h
                 from users where tenant_id = $1::uuid and not is_root_admin)
         insert into role_assignments (tenant_id, user_id, role_id)
         select $1::uuid, u.id, r.id from u join r on
              (u.kind = 'end_user' and r.key = 'user')
           or (u.kind = 'technician' and r.key = (array['system_admin', 'billing', 'co_managed_user', 'beginner', 'user'])[1 + abs(u.h % 5)])
           or (u.kind = 'technician' and abs(u.h % 7) = 0 and r.key = 'billing' and abs(u.h % 5) <> 1)`,
        [t.tenantId],
      );
      await c.query('commit');
      log(`  tenant ${t.key}: ${t.users.toLocaleString('en')} users in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }

    const ti = performance.now();
    await c.query(`set max_parallel_maintenance_workers = 2`);
    for (const i of idx.rows) await c.query(i.def);
    log(`  rebuilt ${idx.rows.length} indexes in ${((performance.now() - ti) / 1000).toFixed(1)} s`);
    await c.query(`reset session_replication_role`);
    const tv = performance.now();
    await c.query(`vacuum (analyze) users, role_assignments, organizations, roles`);
    log(`  vacuum analyze in ${((performance.now() - tv) / 1000).toFixed(1)} s`);

    const marker: SeedMarker = {
      version: SEED_VERSION,
      counts: Object.fromEntries(plans.map((p) => [p.key, p.users])),
      tenants,
      seededAt: new Date().toISOString(),
      seedSeconds: (performance.now() - started) / 1000,
    };
    await c.query(`create table bench_meta (key text primary key, value jsonb not null)`);
    await c.query(`insert into bench_meta (key, value) values ('seed', $1::jsonb)`, [JSON.stringify(marker)]);
    return marker;
  } finally {
    await c.end();
  }
}

// ---------- what every benchmark script shares ----------

/** A non-negative number from the environment, or the fallback. */
export function envNumber(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number`);
  return n;
}

/** The seeded tenants every benchmark shares (one database, seeded once). */
export function benchPlans(): TenantPlan[] {
  return [
    { key: 'a', name: 'Bench A (1M)', users: envNumber('BENCH_USERS_A', 1_000_000), organizations: 2000 },
    { key: 'b', name: 'Bench B (100k)', users: envNumber('BENCH_USERS_B', 100_000), organizations: 400 },
    { key: 'c', name: 'Bench C (10k)', users: envNumber('BENCH_USERS_C', 10_000), organizations: 40 },
  ];
}

/** The admin URL (loopback only: a benchmark drops and seeds databases) and the bench database's URL. */
export function benchUrls(): { adminUrl: URL; dbName: string; benchUrl: string } {
  const adminUrl = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(adminUrl.hostname)) {
    throw new Error(`BENCH_DATABASE_URL must point at a loopback host, not ${adminUrl.hostname}`);
  }
  if (adminUrl.hostname === 'localhost') adminUrl.hostname = '127.0.0.1';
  const dbName = process.env.BENCH_DB ?? 'roster_bench';
  return { adminUrl, dbName, benchUrl: databaseUrl(adminUrl.toString(), dbName) };
}

/** A log with the seconds since the script started. */
export function stopwatchLog(): (m: string) => void {
  const t0 = performance.now();
  return (m) => console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)}s] ${m}`);
}

/** Reuses the bench database when its marker matches the plans (running new migrations), else seeds it. */
export async function ensureSeeded(o: { adminUrl: URL; dbName: string; benchUrl: string; plans: TenantPlan[]; exists: boolean; log: (m: string) => void }): Promise<{ marker: SeedMarker; seededNow: boolean }> {
  const marker = o.exists ? await readMarker(o.benchUrl) : null;
  if (markerMatches(marker, o.plans)) {
    o.log(`reusing ${o.dbName} (seeded ${marker.seededAt} in ${marker.seedSeconds.toFixed(0)} s)`);
    const handle = await createDb({ databaseUrl: o.benchUrl, poolSize: 1 }); // migrations, if new ones were added
    await handle.close();
    return { marker, seededNow: false };
  }
  o.log(`seeding ${o.dbName}: ${o.plans.map((p) => `${p.key}=${p.users.toLocaleString('en')}`).join(', ')} users (about 2 minutes)`);
  const seeded = await seed(o.adminUrl.toString(), o.dbName, o.plans, o.log);
  o.log(`seeded in ${seeded.seedSeconds.toFixed(1)} s`);
  return { marker: seeded, seededNow: true };
}
