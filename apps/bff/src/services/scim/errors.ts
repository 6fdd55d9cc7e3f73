import { HTTPException } from 'hono/http-exception';
import { SCIM_ERROR, formatMessage, type Issue, type ScimError, type ScimType } from '@roster/contract';
import { ApiError } from '../../errors.js';
import { isDatabaseUnavailable } from '../../db/db-faults.js';
import { RETRY_AFTER_SECONDS } from '../../app.js';

/** An answer in SCIM's own error format (RFC 7644 §3.12), thrown where only SCIM says it (filters, PATCH paths). */
export class ScimProblem extends Error {
  constructor(
    readonly status: number,
    readonly scimType: ScimType | undefined,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** Where a field of Roster's user requests is in a SCIM user: the attribute an error's detail names. */
const attributeOfField: Record<string, string> = {
  firstName: 'name.givenName',
  lastName: 'name.familyName',
  email: 'emails',
  username: 'userName',
  organizationId: 'organization',
  roleIds: 'groups',
};

/** `['body', 'email']` → `emails` (or `userName` where the profile makes the email the userName). */
function attributeOf(issue: Issue, emailIsUserName: boolean): string {
  const [part, field, ...rest] = issue.path;
  if (part !== 'body' || typeof field !== 'string') return issue.path.join('.');
  if (field === 'email' && emailIsUserName) return 'userName';
  return [attributeOfField[field] ?? field, ...rest].join('.');
}

const scimTypeOf: Partial<Record<ApiError['code'], ScimType>> = {
  validation_failed: 'invalidValue',
  malformed_json: 'invalidSyntax',
  bad_request: 'invalidValue',
  conflict: 'uniqueness',
  seat_limit_reached: 'invalidValue',
  email_suppressed: 'invalidValue',
};

/**
 * Any error of a SCIM request as SCIM's error body and status. Roster's own errors keep their status, except a 422
 * (a value the profile refuses), which SCIM calls 400 `invalidValue`; each field is named by its SCIM attribute.
 */
export function scimErrorOf(err: unknown, options: { requestId?: string; emailIsUserName?: boolean } = {}): { status: number; body: ScimError; headers?: Record<string, string> } {
  const body = (status: number, detail: string, scimType?: ScimType): ScimError => ({ schemas: [SCIM_ERROR], status: String(status), ...(scimType ? { scimType } : {}), detail });
  if (err instanceof ScimProblem) return { status: err.status, body: body(err.status, err.detail, err.scimType) };
  if (err instanceof ApiError) {
    const status = err.status === 422 ? 400 : err.status;
    const issues = err.issues?.map((i) => `${attributeOf(i, options.emailIsUserName ?? false)}: ${i.message}`) ?? [];
    // A conflict over an email or username is SCIM's `uniqueness`; another (the last admin…) is a plain 409.
    const scimType = err.code === 'conflict' && !err.issues?.length ? undefined : scimTypeOf[err.code];
    return { status, body: body(status, [err.message, ...issues].join(' '), scimType), ...(err.headers ? { headers: err.headers } : {}) };
  }
  if (err instanceof HTTPException) return { status: err.status, body: body(err.status, err.message || 'The request could not be handled.') };
  if (isDatabaseUnavailable(err)) return { status: 503, body: body(503, formatMessage('error.service_unavailable')), headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } };
  return { status: 500, body: body(500, formatMessage('error.internal', { requestId: options.requestId ?? '' })) };
}
