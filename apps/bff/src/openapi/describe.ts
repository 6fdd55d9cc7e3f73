import type { MiddlewareHandler } from 'hono';
import { describeRoute, resolver, uniqueSymbol, type DescribeRouteOptions } from 'hono-openapi';
import * as z from 'zod/mini';
import { ErrorEnvelopeSchema, type Permission } from '@roster/contract';

/**
 * What each route declares next to its handler for the OpenAPI document (routes/meta/openapi.ts collects it from
 * the app's routes with hono-openapi). Middleware that can answer on its own — the gate, the rate limiter, the
 * platform key, the validators — documents those answers itself, so a route lists only what its handler adds.
 */

type Responses = NonNullable<DescribeRouteOptions['responses']>;

const errorText: Record<number, string> = {
  400: 'Malformed request (unknown or bad query parameter, bad cursor, invalid JSON, text that cannot be stored)',
  401: 'Missing, invalid or expired token',
  403: 'The caller lacks the permission, or a rule about the target forbids it',
  404: "Not found (also for another tenant's or organization's ids)",
  409: 'Conflict with the current state',
  413: 'Body too large',
  422: 'Validation failed; `issues` names each field by its path, e.g. `["body", "email"]`',
  429: 'Rate limited; retry after `Retry-After` seconds',
  500: 'Unexpected error; the message names the request id',
  503: 'The database cannot be reached for a moment; retry after `Retry-After` seconds',
};

const retryAfter = { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 0 } } } as const;

/** JSON content described by a contract schema, as the server sends it. */
export function jsonContent(schema: z.ZodMiniType) {
  return { 'application/json': { schema: resolver(schema, { options: { io: 'output' } }) } };
}

/** A parameter's JSON Schema from a contract schema (parameters are not resolved by hono-openapi). */
export function schemaOf(schema: z.ZodMiniType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

/** A success answer with a JSON body. */
export const ok = (description: string, schema: z.ZodMiniType) => ({ description, content: jsonContent(schema) });

/** The error envelope's JSON Schema (named `ErrorEnvelope` in the document's components). */
export const errorEnvelopeSchema = schemaOf(ErrorEnvelopeSchema, 'output');
const envelope = { 'application/json': { schema: errorEnvelopeSchema } };

/** The error envelope answers for these statuses (429 and 503 carry Retry-After); plain JSON, resolved already. */
export function errors(...statuses: number[]): Responses {
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      { description: errorText[status] ?? 'Error', ...(status === 429 || status === 503 ? { headers: retryAfter } : {}), content: envelope },
    ]),
  );
}

export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** Success answers; the errors the handler itself can give go in `errors`. */
  responses: Responses;
  errors?: number[];
  /** Routes that never touch the database (the document, the reference page) cannot answer 503. */
  database?: boolean;
  parameters?: DescribeRouteOptions['parameters'];
  requestBody?: DescribeRouteOptions['requestBody'];
}

/**
 * The route's own part of its documentation. Every route can answer 500; every one that reads the database 503;
 * every one with a body 413 (app.ts's body limit; added by method in routes/meta/openapi.ts).
 */
export function describe(op: Operation): MiddlewareHandler {
  return describeRoute({
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [op.tag],
    security: [],
    ...(op.parameters ? { parameters: op.parameters } : {}),
    ...(op.requestBody ? { requestBody: op.requestBody } : {}),
    responses: { ...op.responses, ...errors(...(op.errors ?? []), 500, ...(op.database === false ? [] : [503])) },
  });
}

/** A request body the service parses itself (its rules depend on the tenant): documented, not checked here. */
export function bodyParsedByService(schema: z.ZodMiniType, description: string) {
  return { required: true, description, content: { 'application/json': { schema: resolver(schema) } } };
}

/** Attaches documentation to a middleware that answers on its own (gate, rate limit, platform key). */
export function documented<M extends MiddlewareHandler>(middleware: M, spec: DescribeRouteOptions): M {
  return Object.assign(middleware, { [uniqueSymbol]: { spec } });
}

/** The operation extension the gate sets; the document turns it into the operation's first sentence. */
export const PERMISSIONS_EXTENSION = 'x-roster-permissions';

/** What the gate answers by itself: 401 without a valid token or session, 403 without the permission. */
export function gateSpec(anyOf: readonly Permission[]): DescribeRouteOptions {
  return {
    security: [{ bearer: [] }, { session: [] }],
    responses: errors(401, ...(anyOf.length > 0 ? [403] : [])),
    ...({ [PERMISSIONS_EXTENSION]: [...anyOf] } as object),
  };
}

export const rateLimitSpec: DescribeRouteOptions = { responses: errors(429) };
