import { sql, type Kysely } from 'kysely';

/**
 * Each user's sign-in method (issue 14, NinjaOne's Security tab): the second factor an admin chose — `totp`
 * (authenticator app, everyone's until now), `webauthn` (security key or passkey) or `sms` (modelled; the API refuses
 * choosing it until text messages exist). `mfa_state` keeps telling whether the chosen method is set up. Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table users add column sign_in_method text not null default 'totp' check (sign_in_method in ('totp', 'webauthn', 'sms'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table users drop column sign_in_method`.execute(db);
}
