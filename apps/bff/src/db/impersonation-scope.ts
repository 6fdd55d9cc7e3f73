import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The administrator behind a "view as" session, for the rest of its request (the gate sets it): every audit entry
 * written then names them beside the user the session acts as, whichever service writes it.
 */
const impersonators = new AsyncLocalStorage<string>();

export function withImpersonator<T>(impersonatorId: string | undefined, fn: () => Promise<T>): Promise<T> {
  return impersonatorId ? impersonators.run(impersonatorId, fn) : fn();
}

export function currentImpersonator(): string | null {
  return impersonators.getStore() ?? null;
}
