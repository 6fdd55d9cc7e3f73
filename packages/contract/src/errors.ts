import * as z from 'zod/mini';

/**
 * Every error the BFF returns has this one shape. `issues` names each offending field by its path
 * (`['body', 'email']`, `['query', 'limit']`, `['rows', 3, 'phone']`) with a message a person understands.
 */
export const errorCodes = [
  'bad_request',
  'malformed_json',
  'unauthorized',
  'invalid_token',
  'forbidden',
  'not_found',
  'conflict',
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
  message: z.string(),
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
};

/**
 * A message a person understands for zod's built-in checks (zod/mini ships no locale, and the ones we write
 * ourselves already carry their own message).
 */
function messageOf(issue: ZodIssueLike): string {
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'object' ? 'Must be an object.' : `Must be a ${String(issue.expected)}.`;
    case 'invalid_value':
      return `Must be one of: ${(issue.values ?? []).map(String).join(', ')}.`;
    case 'too_big':
      return issue.origin === 'string'
        ? `Can have at most ${String(issue.maximum)} characters.`
        : issue.origin === 'array'
          ? `Can have at most ${String(issue.maximum)} items.`
          : `Must be at most ${String(issue.maximum)}.`;
    case 'too_small':
      return issue.origin === 'string'
        ? Number(issue.minimum) <= 1
          ? 'Is required.'
          : `Must have at least ${String(issue.minimum)} characters.`
        : issue.origin === 'array'
          ? `Must have at least ${String(issue.minimum)} items.`
          : `Must be at least ${String(issue.minimum)}.`;
    case 'invalid_format':
      return issue.format === 'uuid' ? 'Must be an ID (a UUID).' : `Must be a valid ${issue.format ?? 'value'}.`;
    case 'invalid_union':
      return 'Does not match any of the accepted forms.';
    default:
      return 'Is not valid.';
  }
}

/** Turns zod's issues into the envelope's issues, prefixed with where the value came from. */
export function toIssues(zodIssues: ReadonlyArray<ZodIssueLike>, prefix: ReadonlyArray<string | number> = []): Issue[] {
  const out: Issue[] = [];
  for (const issue of zodIssues) {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))];
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      for (const key of issue.keys) out.push({ path: [...path, key], message: 'Is not a known field.' });
    } else {
      out.push({ path, message: messageOf(issue) });
    }
  }
  return out;
}
