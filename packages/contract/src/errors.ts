import * as z from 'zod/mini';
import { formatMessage, messageOfIssue, type Message, type MessageId, type MessageParams } from './messages/index.js';

/**
 * Every error the BFF returns has this one shape. `issues` names each offending field by its path
 * (`['body', 'email']`, `['query', 'limit']`, `['rows', 3, 'phone']`) with a message a person understands, in the
 * request's language (`Accept-Language`, or a signed-in person's language setting), and — when the contract has
 * it — the message's stable id as `code` with its `params`, so that a client can render it in its own language
 * (`formatMessage(code, params, locale)`).
 */
export const errorCodes = [
  'bad_request',
  'malformed_json',
  'unauthorized',
  'invalid_token',
  'forbidden',
  'not_found',
  'conflict',
  'email_suppressed',
  'seat_limit_reached',
  'payload_too_large',
  'validation_failed',
  'rate_limited',
  'internal_error',
  'service_unavailable',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const IssueSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  /** In the request's language. */
  message: z.string(),
  /** The contract message's id (e.g. `phone.country_code_missing`), stable across languages and releases. */
  code: z.optional(z.string()),
  /** The message's parameters (e.g. `{ field: 'firstName', max: 100 }`). */
  params: z.optional(z.record(z.string(), z.union([z.string(), z.number()]))),
});
export type Issue = z.infer<typeof IssueSchema>;

export const ErrorEnvelopeSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.optional(z.array(IssueSchema)),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

/** HTTP status for each code, so that routes never choose a status by hand. */
export const statusOfErrorCode: Record<ErrorCode, number> = {
  bad_request: 400,
  malformed_json: 400,
  unauthorized: 401,
  invalid_token: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  email_suppressed: 409,
  seat_limit_reached: 409,
  payload_too_large: 413,
  validation_failed: 422,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
};

type ZodIssueLike = {
  code?: string;
  path: ReadonlyArray<PropertyKey>;
  message: string;
  keys?: ReadonlyArray<string>;
  expected?: unknown;
  values?: ReadonlyArray<unknown>;
  maximum?: unknown;
  minimum?: unknown;
  origin?: string;
  format?: string;

  params?: unknown;
};

const bound = (n: unknown): number | string => (typeof n === 'number' || typeof n === 'string' ? n : String(n));

/** The contract's message for zod's built-in checks (zod/mini ships no locale). */
function builtInMessage(issue: ZodIssueLike): Message {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'object' ? { id: 'value.object' } : { id: 'value.type', params: { type: String(issue.expected) } };
    case 'invalid_value':
      return { id: 'value.one_of', params: { values: (issue.values ?? []).map(String).join(', ') } };
    case 'too_big':
      return issue.origin === 'string'
        ? { id: 'value.max_characters', params: { max: bound(issue.maximum) } }
        : issue.origin === 'array'
          ? { id: 'value.max_items', params: { max: bound(issue.maximum) } }
          : { id: 'value.max', params: { max: bound(issue.maximum) } };
    case 'too_small':
      return issue.origin === 'string'
        ? Number(issue.minimum) <= 1
          ? { id: 'value.required' }
          : { id: 'value.min_characters', params: { min: bound(issue.minimum) } }
        : issue.origin === 'array'
          ? { id: 'value.min_items', params: { min: bound(issue.minimum) } }
          : { id: 'value.min', params: { min: bound(issue.minimum) } };
    case 'invalid_format':
      return issue.format === 'uuid' ? { id: 'value.uuid' } : { id: 'value.format', params: { format: issue.format ?? 'value' } };
    case 'invalid_union':
      return { id: 'value.union' };
    default:
      return { id: 'value.invalid' };
  }
}

/**
 * The issue's message: the contract's own (carried by the issue), else the built-in check's; a message written
 * for one schema only (no id) stays as it is.
 */
function messageOf(issue: ZodIssueLike): Message | string {
  const carried = messageOfIssue(issue);
  if (carried) return carried;
  const builtIn = builtInMessage(issue);
  if (!issue.message || issue.message === 'Invalid input' || issue.message === formatMessage(builtIn.id, builtIn.params)) return builtIn;
  return issue.message;
}

/** An envelope issue saying a contract message (English; the BFF renders it in the request's language). */
export function issueOf(path: Issue['path'], id: MessageId, params?: MessageParams): Issue {
  return params ? { path, message: formatMessage(id, params), code: id, params } : { path, message: formatMessage(id), code: id };
}

/** Turns zod's issues into the envelope's issues, prefixed with where the value came from. */
export function toIssues(zodIssues: ReadonlyArray<ZodIssueLike>, prefix: ReadonlyArray<string | number> = []): Issue[] {
  const out: Issue[] = [];
  for (const issue of zodIssues) {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))];
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      for (const key of issue.keys) out.push(issueOf([...path, key], 'value.unknown_field'));
    } else {
      const m = messageOf(issue);
      out.push(typeof m === 'string' ? { path, message: m } : issueOf(path, m.id, m.params));
    }
  }
  return out;
}

/** An envelope issue's message in `locale`: rendered from its `code` and `params` when it has them. */
export function localizeIssue(issue: Issue, locale: string): Issue {
  return issue.code && locale !== 'en' ? { ...issue, message: formatMessage(issue.code as MessageId, issue.params, locale) } : issue;
}
