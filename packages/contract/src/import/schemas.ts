import * as z from 'zod/mini';
import { IssueSchema } from '../errors.js';
import { userKinds } from '../domain.js';
import { importFields } from './columns.js';
import { ATTRIBUTE_KEY_PATTERN, AttributeValuesSchema } from '../attributes.js';

/** `POST /v1/users/bulk-import`: its request body, query, `Idempotency-Key` header and response. */

export const importModes = ['atomic', 'per-row'] as const;
export type ImportMode = (typeof importModes)[number];

const Cell = z.optional(z.nullable(z.string()));
const ListCell = z.optional(z.nullable(z.union([z.string(), z.array(z.string()).check(z.maxLength(50))])));

export const ImportRowInputSchema = z.strictObject({
  firstName: Cell,
  lastName: Cell,
  email: Cell,
  phone: Cell,
  username: Cell,
  roles: ListCell,
  groups: ListCell,
  organization: Cell,
  permissions: ListCell,
  allModules: z.optional(z.nullable(z.union([z.string(), z.boolean()]))),
  signInMethod: Cell,
  /** The user's id in the system the users come from: unique in the tenant (`GET /v1/users?externalId=`). */
  externalId: Cell,
  /** An existing password hash (bcrypt, argon2id, scrypt or PBKDF2-SHA256 in its standard encoding): docs/migrating-in.md. */
  passwordHash: Cell,
  /** An existing TOTP secret (base32): the user keeps their authenticator app. */
  totpSecret: Cell,
  /** Custom attribute values by key (`GET /v1/attributes`): the value, or its text as a sheet has it (`yes`, `12.5`); the required ones must be there. */
  attributes: z.optional(z.nullable(AttributeValuesSchema)),
});

/** A column of `columns`: a field of the user, or a custom attribute `attributes.<key>`. */
const ImportColumnSchema = z.union([z.enum(importFields), z.pipe(z.string().check(z.regex(new RegExp(`^attributes\\.${ATTRIBUTE_KEY_PATTERN.source.slice(1)}`))), z.transform((v: string) => v as `attributes.${string}`))], { error: `Must be one of ${importFields.join(', ')}, or attributes.<key>.` });

/** `POST /v1/users/bulk-import`. Exactly one of `text` and `rows`. */
export const BulkImportRequestSchema = z
  .strictObject({
    kind: z.enum(userKinds),
    organizationId: z.optional(z.nullable(z.uuid({ error: 'Must be an ID (a UUID).' }))),
    mode: z.optional(z.enum(importModes)),
    /** CSV or TSV exactly as pasted or read from a file; a first row of headers is recognised. */
    text: z.optional(z.string()),
    /** How `text` was obtained: `clipboard` text is always tab-separated. */
    source: z.optional(z.enum(['clipboard', 'file', 'api'])),
    /** For `text`: the field of each column (null to ignore it), overriding the detected mapping. */
    columns: z.optional(z.array(z.nullable(ImportColumnSchema)).check(z.maxLength(100))),
    /** For `text`: whether the first row holds headers, overriding the detection. */
    hasHeader: z.optional(z.boolean()),
    rows: z.optional(z.array(ImportRowInputSchema)),
    /** Confirms adding technician seats beyond the cap (each recorded as seat.added). */
    confirmAddSeats: z.optional(z.boolean()),
    /**
     * `false`: no invitation email; rows with a `passwordHash` are imported active (they sign in with their old
     * password), the others stay invited until an admin resends their invitation. Default `true`.
     */
    sendInvitations: z.optional(z.boolean()),
  })
  .check(
    z.superRefine((v, ctx) => {
      if ((v.text === undefined) === (v.rows === undefined)) {
        ctx.issues.push({ code: 'custom', input: v, path: ['text'], message: 'Send either text (pasted CSV or TSV) or rows, not both and not neither.' });
      }
    }),
  );
export type BulkImportRequest = z.input<typeof BulkImportRequestSchema>;

/** The `Idempotency-Key` header of an import: what a retry sends again to import once. */
export const IdempotencyKeySchema = z.string().check(z.regex(/^[\x21-\x7e]{1,200}$/, { error: 'Must be 1 to 200 visible ASCII characters.' }));

export const BulkImportQuerySchema = z.strictObject({
  /** `true`: run the very same validation and write nothing. */
  dryRun: z.optional(z.enum(['true', 'false'], { error: 'Must be true or false.' })),
});

export const ImportRowOutcomeSchema = z.object({
  /** Index of the row in `rows` (or among the data rows of `text`), from 0. */
  row: z.number(),
  status: z.enum(['imported', 'skipped', 'failed']),
  userId: z.optional(z.string()),
  email: z.optional(z.string()),
  /**
   * `suppressed`: the row is (or would be) imported, but its address is on the suppression list, so no invitation
   * is sent until an admin removes it (`DELETE /v1/email-suppressions/:address`) and resends. Absent otherwise.
   */
  invitation: z.optional(z.literal('suppressed')),
  /** As in the error envelope: `message` (English here), with `code` and `params` to render it in another language. */
  issues: z.optional(z.array(IssueSchema)),
});
export type ImportRowOutcome = z.infer<typeof ImportRowOutcomeSchema>;

export const BulkImportResponseSchema = z.object({
  dryRun: z.boolean(),
  mode: z.enum(importModes),
  imported: z.number(),
  skipped: z.number(),
  failed: z.number(),
  results: z.array(ImportRowOutcomeSchema),
});
export type BulkImportResponse = z.infer<typeof BulkImportResponseSchema>;
