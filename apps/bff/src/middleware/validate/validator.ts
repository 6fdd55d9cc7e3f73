import type { MiddlewareHandler } from 'hono';
import { resolver, uniqueSymbol } from 'hono-openapi';
import * as z from 'zod/mini';
import { parseIdParam, parseQuery } from './index.js';
import { checkedBody, jsonBodyOf } from '../../lib/json-body.js';

/** A contract schema: zod/mini, a Standard Schema (which is what hono-openapi reads for the document). */
type ContractSchema = z.ZodMiniType;

/**
 * Marks a validating middleware for hono-openapi: the document takes the request part's schema from the very
 * middleware that parses it, so what is documented is what is checked.
 */
function feedsTheSpec<M extends MiddlewareHandler>(middleware: M, target: 'json' | 'query' | 'param', schema: ContractSchema): M {
  return Object.assign(middleware, { [uniqueSymbol]: { target, ...resolver(schema) } });
}

export interface JsonBodyOptions {
  /**
   * A body that may be left out: `'empty'` when it has no characters, `'blank'` when it has nothing but spaces.
   * Such a body is `{}`.
   */
  optionalWhen?: 'empty' | 'blank';
}

/**
 * Parses the JSON body with a contract schema, with the same answers as everywhere (400 `malformed_json`, 422
 * `validation_failed` naming each field as `['body', …]`); the handler reads it with `c.req.valid('json')`.
 */
export function jsonBody<S extends ContractSchema>(schema: S, { optionalWhen }: JsonBodyOptions = {}) {
  const middleware: MiddlewareHandler<any, string, { in: { json: z.input<S> }; out: { json: z.output<S> } }> = async function jsonBodyValidator(c, next) {
    const text = await c.req.text();
    const absent = optionalWhen === 'empty' ? text.length === 0 : optionalWhen === 'blank' ? text.trim() === '' : false;
    c.req.addValidatedData('json', checkedBody(absent ? {} : jsonBodyOf(text), schema) as object);
    await next();
  };
  return feedsTheSpec(middleware, 'json', schema);
}

/** Parses the query with a contract schema (400 naming each parameter as `['query', …]`); `c.req.valid('query')`. */
export function query<S extends ContractSchema>(schema: S) {
  const middleware: MiddlewareHandler<any, string, { in: { query: z.input<S> }; out: { query: z.output<S> } }> = async function queryValidator(c, next) {
    c.req.addValidatedData('query', parseQuery(c, schema) as object);
    await next();
  };
  return feedsTheSpec(middleware, 'query', schema);
}

const Id = z.uuid();

/**
 * An id in the path, checked before the body (an id that is not a UUID is a 404 like any missing one), lowercased;
 * `c.req.valid('param')[name]`.
 */
export function idParam<N extends string>(name: N, what: string) {
  const middleware: MiddlewareHandler<any, string, { out: { param: Record<N, string> } }> = async function idParamValidator(c, next) {
    c.req.addValidatedData('param', { [name]: parseIdParam(c, name, what) });
    await next();
  };
  return feedsTheSpec(middleware, 'param', z.object({ [name]: Id }) as ContractSchema);
}
