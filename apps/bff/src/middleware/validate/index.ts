import type { Context, MiddlewareHandler } from 'hono';
import { toIssues, type Issue } from '@roster/contract';
import { ApiError } from '../../errors.js';

/** A character PostgreSQL refuses in text (NUL), or a UTF-16 half that is no character at all. */
const SUSPECT = /[\u0000\ud800-\udfff]/;
const UNPAIRED = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string cannot be stored as text, or null when it can. */
export function unstorable(value: string): string | null {
  if (!SUSPECT.test(value)) return null;
  if (value.includes('\u0000')) return 'Contains a NUL character (U+0000), which text cannot hold.';
  if (UNPAIRED.test(value)) return 'Contains a broken character (half of a UTF-16 surrogate pair), which text cannot hold.';
  return null;
}

/**
 * The first string in a parsed request part — value or key, at any depth — that PostgreSQL cannot store, as an
 * issue naming where it is. Every request part goes through this before its schema, so such text is a 400 on every
 * route instead of a database error.
 */
export function findUnstorable(value: unknown, path: (string | number)[]): Issue | null {
  if (typeof value === 'string') {
    const message = unstorable(value);
    return message ? { path, message } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const issue = findUnstorable(value[i], [...path, i]);
      if (issue) return issue;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const message = unstorable(key);
      if (message) return { path: [...path, key], message: `Its name ${message.charAt(0).toLowerCase()}${message.slice(1)}` };
      const issue = findUnstorable(v, [...path, key]);
      if (issue) return issue;
    }
  }
  return null;
}

/** Throws the 400 naming the first text that cannot be stored; `path` starts with the request part. */
export function assertStorable(value: unknown, path: (string | number)[]): void {
  const issue = findUnstorable(value, path);
  if (issue) throw new ApiError('bad_request', 'The request contains text that cannot be stored.', [issue]);
}

/**
 * JSON can only carry NUL or a lone surrogate as a `\u` escape (or the surrogate itself): a body without either is
 * not walked at all, which keeps a 10 MB import from paying for the walk.
 */
const JSON_SUSPECT = /\\u(?:0000|[dD][89a-fA-F])|[\ud800-\udfff]/;

/** A request header as text that can be stored (e.g. `Idempotency-Key`), or undefined when absent. */
export function headerParam(c: Context, name: string): string | undefined {
  const value = c.req.header(name);
  if (value !== undefined) assertStorable(value, ['header', name]);
  return value;
}

interface SafeParser<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: any[] } };
}

/**
 * Parses one part of the request with a contract schema and formats failures the same way everywhere:
 * query and path problems are a malformed request (400), a body that breaks the rules is 422.
 */
export async function parseJsonBody<T>(c: Context, schema: SafeParser<T>): Promise<T> {
  return checkedBody(jsonBodyOf(await c.req.text()), schema);
}

/**
 * A request body's text as JSON: 400 when it is empty or not JSON, or holds text that cannot be stored. The bulk
 * import runs it in its worker pool for a large body (services/import/engine-pool.ts), so 10 MB are parsed off the
 * request thread.
 */
export function jsonBodyOf(text: string): unknown {
  let body: unknown;
  try {
    body = text.length === 0 ? undefined : JSON.parse(text);
  } catch {
    throw new ApiError('malformed_json', 'The request body is not valid JSON.', [{ path: ['body'], message: 'Is not valid JSON.' }]);
  }
  if (body === undefined) {
    throw new ApiError('malformed_json', 'The request needs a JSON body.', [{ path: ['body'], message: 'Is required.' }]);
  }
  if (JSON_SUSPECT.test(text)) assertStorable(body, ['body']);
  return body;
}

/** A parsed body checked with its schema (422 naming each field). */
export function checkedBody<T>(body: unknown, schema: SafeParser<T>): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new ApiError('validation_failed', 'Some fields are not valid.', toIssues(result.error.issues, ['body']));
  return result.data;
}

export function parseQuery<T>(c: Context, schema: SafeParser<T>): T {
  const raw = c.req.queries();
  const flat: Record<string, string> = {};
  const issues = [];
  for (const [key, values] of Object.entries(raw)) {
    if (values.length > 1) issues.push({ path: ['query', key], message: 'Is given more than once.' });
    flat[key] = values[0] ?? '';
  }
  assertStorable(flat, ['query']);
  const result = schema.safeParse(flat);
  if (!result.success) issues.push(...toIssues(result.error.issues, ['query']));
  if (issues.length > 0 || !result.success) throw new ApiError('bad_request', 'Some query parameters are not valid.', issues);
  return result.data;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id in the path that is not even a UUID cannot exist: 404 like any missing id. */
export function parseIdParam(c: Context, name = 'id', what = 'Resource'): string {
  const value = c.req.param(name);
  if (!value || !UUID.test(value)) throw new ApiError('not_found', `${what} not found.`);
  return value.toLowerCase();
}

/** For bodies whose rules depend on the tenant (its profile): the service parses them with the contract. */
export const validatedByService: SafeParser<unknown> = { safeParse: (v: unknown) => ({ success: true as const, data: v }) };

export type { MiddlewareHandler };
