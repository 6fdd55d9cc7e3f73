import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSync } from 'otplib';
import { expect } from 'vitest';

/** The demo portal of `startDemoPortal()`: its origin and data directory. */
interface DemoPortal {
  url: string;
  dataDir: string;
}

/** A person who accepted their invitation: a password and an enrolled authenticator (`secret`). */
export interface Person {
  id: string;
  email: string;
  password: string;
  secret: string;
  tenantId: string;
  /** The last time step of `secret` the server accepted: it accepts only later ones. */
  lastStep: number;
}

const stepNow = () => Math.floor(Date.now() / 30_000);

/**
 * A code of the person's authenticator the server has not seen: of the step after the last one used, waiting for the
 * clock when that step is more than one ahead of it (the server accepts one step either side of its own).
 */
export async function freshCode(person: Person): Promise<string> {
  const step = Math.max(person.lastStep + 1, stepNow());
  while (step > stepNow() + 1) await new Promise((r) => setTimeout(r, 250));
  person.lastStep = step;
  return generateSync({ secret: person.secret, epoch: step * 30 });
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** The token of the link to `page` (`accept-invitation`, `reset-password`…) in the newest email to `email` in the demo mailbox. */
export async function mailedToken(portal: DemoPortal, email: string, page: string): Promise<string> {
  const list = await (await fetch(`${portal.url}/mailbox`)).text();
  const id = new RegExp(`href="/mailbox/(\\d+)">[^<]*</a></td><td>${email.replace(/[.]/g, '\\.')}`).exec(list)![1];
  return new RegExp(`${page}\\?token=([\\w-]+)`).exec(await (await fetch(`${portal.url}/mailbox/${id}`)).text())![1]!;
}

/**
 * In the demo portal, a person made as people are: the demo admin invites them (with the widget token the demo host
 * backend mints), the invitation arrives in the demo mailbox, and they accept it with `password`, enrolling an
 * authenticator with this time step's code. The User role gives `self.edit`.
 */
export async function invitedPerson(portal: DemoPortal, o: { email: string; kind?: 'end_user' | 'technician'; firstName?: string; lastName?: string; password?: string }): Promise<Person> {
  const { token } = (await (await fetch(`${portal.url}/host/widget-token`, { method: 'POST' })).json()) as { token: string };
  const asAdmin = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const res = await fetch(`${portal.url}${path}`, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const orgs = await asAdmin<{ items: { id: string }[] }>('/v1/organizations');
  const roles = await asAdmin<{ items: { id: string; key: string | null }[] }>('/v1/roles');
  const user = await asAdmin<{ id: string }>('/v1/users', {
    method: 'POST',
    body: JSON.stringify({
      kind: o.kind ?? 'end_user',
      organizationId: orgs.items[0]!.id,
      firstName: o.firstName ?? 'Erin',
      lastName: o.lastName ?? 'Enduser',
      email: o.email,
      roleIds: [roles.items.find((r) => r.key === 'user')!.id],
    }),
  });
  const link = await mailedToken(portal, o.email, 'accept-invitation');
  const password = o.password ?? 'correct horse battery';
  const accepted = (await (await post(`${portal.url}/v1/invitations/accept`, { token: link, password })).json()) as { mfa: { ticket: string; secret: string } };
  const { tenantId } = JSON.parse(readFileSync(join(portal.dataDir, 'demo-credentials.json'), 'utf8')) as { tenantId: string };
  const person: Person = { id: user.id, email: o.email, password, secret: accepted.mfa.secret, tenantId, lastStep: 0 };
  expect((await post(`${portal.url}/v1/invitations/confirm-mfa`, { ticket: accepted.mfa.ticket, code: await freshCode(person) })).status).toBe(200);
  return person;
}

/** Signs the person in as the login page does (password and a fresh code) → the session cookie, as a browser context takes it. */
export async function signIn(portal: DemoPortal, person: Person): Promise<{ name: string; value: string; url: string }> {
  const res = await post(`${portal.url}/v1/auth/login`, { tenantId: person.tenantId, login: person.email, password: person.password, code: await freshCode(person) });
  expect(res.status, await res.clone().text()).toBe(200);
  const [name, value] = res.headers.get('set-cookie')!.split(';')[0]!.split('=') as [string, string];
  return { name, value, url: portal.url };
}
