import type { Issue } from '@roster/contract';
import { ApiError } from '../errors.js';

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
