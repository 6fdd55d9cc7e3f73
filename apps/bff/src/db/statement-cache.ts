import { CompiledQuery, type Compilable } from 'kysely';
import type { Db } from './create-db.js';

/** The values a cached statement binds: strings, lists of strings, or absent. */
export type BoundValues = Record<string, string | readonly string[] | undefined>;

interface Compiled {
  sql: string;
  /** For each parameter of the SQL: where its value comes from. */
  slots: ({ key: string; index?: number } | { constant: unknown })[];
}

const MAX_SHAPES = 500;

/**
 * A statement on the request path, built by Kysely once per shape instead of on every request. Building and
 * compiling a select with Kysely costs ~0.1 ms of CPU; the gate's permission query and the list query ran on every
 * request, about a tenth of the BFF's CPU per list page. (The gate's statement has since become a call of the
 * roster_actor function, fixed text with three values: users.repository's findActor.)
 *
 * `build(db, shape, values)` must derive the statement's structure only from `shape` (compared as JSON: sort column,
 * order, limit…) and use each entry of `values` only as a bound value, unchanged. It is called with placeholders
 * in place of the values; the placeholders' positions among the compiled parameters tell where each call's values
 * go. Whether a value is present, and a list's length, are part of the shape: `build` must test presence with
 * `!== undefined` (a placeholder is never empty, so a truthiness test would take `''` for present). A parameter
 * that is neither a placeholder nor a constant of the shape (a value transformed inside `build`) is refused when
 * the shape is first compiled, so a mistake fails every test of that shape rather than binding a stale value. The SQL is the
 * same for PostgreSQL and PGlite (one compiler), so shapes are shared by every database handle.
 */
export function cachedStatement<S, V extends BoundValues, R>(build: (db: Db, shape: S, values: V) => Compilable<R>) {
  const shapes = new Map<string, Compiled>();

  function compile(db: Db, shape: S, values: V): Compiled {
    const placeholders: Record<string, string | string[] | undefined> = {};
    const byPlaceholder = new Map<string, { key: string; index?: number }>();
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) continue;
      if (typeof value === 'string') {
        const p = `\u0000${key}\u0000`;
        placeholders[key] = p;
        byPlaceholder.set(p, { key });
      } else {
        placeholders[key] = value.map((_, index) => {
          const p = `\u0000${key}.${index}\u0000`;
          byPlaceholder.set(p, { key, index });
          return p;
        });
      }
    }
    const compiled = build(db, shape, placeholders as V).compile();
    const slots = compiled.parameters.map((parameter) => {
      if (typeof parameter === 'string') {
        const slot = byPlaceholder.get(parameter);
        if (slot) return slot;
        if (parameter.includes('\u0000')) throw new Error(`cachedStatement: a value was transformed inside build(): ${JSON.stringify(parameter)}`);
      }
      return { constant: parameter };
    });
    return { sql: compiled.sql, slots };
  }

  return async function run(db: Db, shape: S, values: V): Promise<R[]> {
    let key = JSON.stringify(shape);
    for (const [name, value] of Object.entries(values)) {
      key += value === undefined ? `|${name}:-` : typeof value === 'string' ? `|${name}` : `|${name}:${value.length}`;
    }
    let entry = shapes.get(key);
    if (!entry) {
      entry = compile(db, shape, values);
      if (shapes.size >= MAX_SHAPES) shapes.clear();
      shapes.set(key, entry);
    }
    const parameters = entry.slots.map((slot) => {
      if ('constant' in slot) return slot.constant;
      const value = values[slot.key]!;
      return slot.index === undefined ? value : (value as readonly string[])[slot.index];
    });
    const result = await db.executeQuery<R>(CompiledQuery.raw(entry.sql, parameters));
    return result.rows;
  };
}
