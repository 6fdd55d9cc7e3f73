import type { Context, MiddlewareHandler } from 'hono';
import { issueOf, toIssues } from '@roster/contract';
import { ApiError, notFound } from '../../errors.js';
import { assertStorable } from '../../lib/storable-text.js';
import { checkedBody, jsonBodyOf, type SafeParser } from '../../lib/json-body.js';

/** A request header as text that can be stored (e.g. `Idempotency-Key`), or undefined when absent. */
export function headerParam(c: Context, name: string): string | undefined {
  const value = c.req.header(name);
  if (value !== undefined) assertStorable(value, ['header', name]);
  return value;
}

/**
 * Parses one part of the request with a contract schema and formats failures the same way everywhere:
 * query and path problems are a malformed request (400), a body that breaks the rules is 422.
 */
export async function parseJsonBody<T>(c: Context, schema: SafeParser<T>): Promise<T> {
  return checkedBody(jsonBodyOf(await c.req.text()), schema);
}

export function parseQuery<T>(c: Context, schema: SafeParser<T>): T {
  const raw = c.req.queries();
  const flat: Record<string, string> = {};
  const issues = [];
  for (const [key, values] of Object.entries(raw)) {
    if (values.length > 1) issues.push(issueOf(['query', key], 'value.repeated'));
    flat[key] = values[0] ?? '';
  }
  assertStorable(flat, ['query']);
  const result = schema.safeParse(flat);
  if (!result.success) issues.push(...toIssues(result.error.issues, ['query']));
  if (issues.length > 0 || !result.success) throw new ApiError('bad_request', { id: 'error.bad_query' }, issues);
  return result.data;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id in the path that is not even a UUID cannot exist: 404 like any missing id. */
export function parseIdParam(c: Context, name = 'id', what = 'Resource'): string {
  const value = c.req.param(name);
  if (!value || !UUID.test(value)) throw notFound(what);
  return value.toLowerCase();
}

/** For bodies whose rules depend on the tenant (its profile): the service parses them with the contract. */
export const validatedByService: SafeParser<unknown> = { safeParse: (v: unknown) => ({ success: true as const, data: v }) };

export type { MiddlewareHandler };
