import { createRequire } from 'node:module';
import pg from 'pg';

const require = createRequire(import.meta.url);
/** node-postgres' own conversion of a bound value to its text form (Date, array, JSON, Buffer…). */
const { prepareValue } = require('pg/lib/utils.js') as { prepareValue(value: unknown): string | Buffer | null };

/** PostgreSQL refuses NUL in text whichever way it travels; as a bound value it would have failed with this. */
function nulError(): Error {
  return Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
}

/** One bound value as an SQL literal with the same meaning: an untyped literal, like an untyped parameter. */
export function literalOf(value: unknown): string {
  const text = prepareValue(value);
  if (text === null || text === undefined) return 'NULL';
  const s = Buffer.isBuffer(text) ? `\\x${text.toString('hex')}` : String(text);
  if (s.includes('\u0000')) throw nulError();
  return pg.escapeLiteral(s);
}

/**
 * Replaces the placeholders `$1…$n` of a compiled statement by its values as literals, so that the statement can
 * travel in one simple-protocol message together with the statement that sets its transaction's scope (one round
 * trip instead of BEGIN, SET, statement, COMMIT). Placeholders inside quoted strings, quoted identifiers,
 * dollar-quoted bodies and comments are left alone. Every `$n` must have a value.
 */
export function inlineParameters(sql: string, parameters: readonly unknown[]): string {
  if (parameters.length === 0) return sql;
  const { texts, slots } = placeholdersOf(sql);
  const literals: string[] = new Array(parameters.length);
  let out = texts[0]!;
  for (let k = 0; k < slots.length; k++) {
    const n = slots[k]!;
    if (n < 1 || n > parameters.length) throw new Error(`inlineParameters: $${n} has no value`);
    out += (literals[n - 1] ??= literalOf(parameters[n - 1])) + texts[k + 1]!;
  }
  return out;
}

/** A statement's text split at its placeholders: texts[0] $slots[0] texts[1] … (the same SQL comes back per shape). */
interface Split {
  texts: string[];
  slots: number[];
}
const splits = new Map<string, Split>();
const MAX_SPLITS = 500;

function placeholdersOf(sql: string): Split {
  let split = splits.get(sql);
  if (!split) {
    split = scan(sql);
    if (splits.size >= MAX_SPLITS) splits.clear();
    splits.set(sql, split);
  }
  return split;
}

function scan(sql: string): Split {
  const texts: string[] = [];
  const slots: number[] = [];
  let i = 0;
  let from = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (c === "'") {
      // '…' with '' inside; E'…' also with backslash escapes (the E is the previous character).
      const escapes = i > 0 && (sql[i - 1] === 'E' || sql[i - 1] === 'e');
      i += 1;
      while (i < n) {
        if (escapes && sql[i] === '\\') i += 2;
        else if (sql[i] === "'") {
          if (sql[i + 1] === "'") i += 2;
          else break;
        } else i += 1;
      }
      i += 1;
    } else if (c === '"') {
      i = sql.indexOf('"', i + 1);
      while (i >= 0 && sql[i + 1] === '"') i = sql.indexOf('"', i + 2);
      i = i < 0 ? n : i + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') (depth += 1), (i += 2);
        else if (sql[i] === '*' && sql[i + 1] === '/') (depth -= 1), (i += 2);
        else i += 1;
      }
    } else if (c === '$') {
      const digits = /^\$(\d+)/.exec(sql.slice(i, i + 12));
      const prev = i > 0 ? sql[i - 1]! : '';
      if (digits && !/[A-Za-z0-9_$]/.test(prev)) {
        texts.push(sql.slice(from, i));
        slots.push(Number(digits[1]));
        i += digits[0].length;
        from = i;
        continue;
      }
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      if (tag && !/[A-Za-z0-9_]/.test(prev)) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        i = end < 0 ? n : end + tag[0].length;
      } else i += 1;
    } else i += 1;
  }
  texts.push(sql.slice(from));
  return { texts, slots };
}
