import { toIssues } from '@roster/contract';
import { ApiError } from '../errors.js';
import { assertStorable } from './storable-text.js';

/** A contract schema as the parsers see it (zod/mini's `safeParse`). */
export interface SafeParser<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: any[] } };
}

/**
 * JSON can only carry NUL or a lone surrogate as a `\u` escape (or the surrogate itself): a body without either is
 * not walked at all, which keeps a 10 MB import from paying for the walk.
 */
const JSON_SUSPECT = /\\u(?:0000|[dD][89a-fA-F])|[\ud800-\udfff]/;

/**
 * A request body's text as JSON: 400 when it is empty or not JSON, or holds text that cannot be stored. The bulk
 * import runs it in its worker pool for a large body (services/import-pool.ts), so 10 MB are parsed off the
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
