import { executeServerCommand } from '@web/test-runner-commands';

/** A tenant of the real BFF the test runner started (web-test-runner.config.mjs, `roster-bff`), as its Root Admin. */
export interface BffTenant {
  url: string;
  tenantId: string;
  /** A widget token acting as the tenant's Root Admin. */
  token: string;
}

/** Runs a `roster-bff` command, asking again while the BFF is still starting (the first command of a run). */
async function command<T>(payload: Record<string, unknown>): Promise<T> {
  for (;;) {
    const answer = await executeServerCommand<T | { starting: true }, Record<string, unknown>>('roster-bff', payload);
    if (!(answer && typeof answer === 'object' && 'starting' in answer)) return answer as T;
  }
}

/** A new tenant of the real BFF, with a widget token acting as its Root Admin (the first call of a run starts the BFF). */
export function newTenant(name: string): Promise<BffTenant> {
  return command<BffTenant>({ action: 'tenant', name });
}

/**
 * An active technician of the tenant holding `roleIds` and, with `permissions`, a new custom role with exactly those;
 * with a widget token acting as them.
 */
export function newMember(tenant: BffTenant, o: { permissions?: string[]; roleIds?: string[] }): Promise<{ token: string; userId: string; roleId: string | null }> {
  return command({ action: 'member', tenantId: tenant.tenantId, ...o });
}

/** Calls the BFF as a host page's script would, with a token (the tenant's Root Admin's unless given); the JSON answer. */
export async function bffCall<T = unknown>(tenant: BffTenant, method: string, path: string, body?: unknown, token = tenant.token): Promise<{ status: number; body: T }> {
  const res = await fetch(`${tenant.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (res.status === 204 ? null : await res.json()) as T };
}
