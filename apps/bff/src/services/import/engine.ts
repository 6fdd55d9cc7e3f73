import { createHash } from 'node:crypto';
import type * as z from 'zod/mini';
import {
  BulkImportRequestSchema,
  MAX_IMPORT_BYTES,
  importTooLargeIssue,
  importTooLargeMessage,
  issueOf,
  toIssues,
  userSearchText,
  type ErrorCode,
  type AttributeDefinition,
  type ImportCatalog,
  type ImportCellIssue,
  type Message,
  type ImportMode,
  type ImportRowOutcome,
  type Issue,
  type PolicyProfile,
  type SignInMethod,
  type UserKind,
  type ValidImportRow,
} from '@roster/contract';
import { jsonBodyOf } from '../../lib/json-body.js';
import { ApiError, validationFailed } from '../../errors.js';
import { pgArray, type PgArray } from '../../db/array-literal.js';
import { uuidV7s } from '../../db/uuid-v7.js';
import { generateSecrets, hashSecret } from '../../auth/secrets.js';
import { sealInvitationTokens } from '../../email/outbox.js';
import { storedImportedHash } from '../../auth/imported-passwords.js';
import { totpSecretBox } from '../../auth/totp.js';
import { prepareImport, type PreparedImport } from './prepare.js';
import { storedValue } from '../attribute-values.js';

/**
 * Everything of a bulk import that is done once per row — the body's JSON, the request schema, parsing the text,
 * mapping and validating the rows, deciding each row's outcome, the commit's columns and the answer's JSON — as
 * one stateful object of plain data in, plain data out. A large import runs it in a worker thread and talks to it
 * over a MessagePort (engine-pool.ts); a small one runs it inline. The request thread only asks the database and
 * passes text along: with 100,000 rows rebuilt on the request thread, `/healthz` waited up to 160 ms (issue 10 #14).
 *
 * The steps, in order: `start` (body and request), `prepare` (rows, and the lookup of existing users), `plan`
 * (each row's outcome against the users found), then `respond` for a dry run, or `commitColumns`, the users'
 * insert, and `afterInsert` for a commit.
 */

/** An error as data (it crosses a thread); the orchestration throws it as the ApiError it was. */
export interface EngineError {
  code: ErrorCode;
  message: string;
  /** The message by id (rendered in the request's language by onError). */
  localized?: Message | undefined;
  issues?: Issue[] | undefined;
}

/** The small part of the request the orchestration decides on; the rows stay in the engine. */
export interface ImportRequestSummary {
  kind: UserKind;
  mode?: ImportMode | undefined;
  organizationId?: string | undefined;
  confirmAddSeats: boolean;
  rowsPath: 'rows' | 'text';
  /** `sendInvitations: false`: no invitation is sent; rows with a password hash are imported active. */
  sendInvitations: boolean;
  /** SHA-256 of the parsed request, when an Idempotency-Key asks for it (stringifying 100,000 rows is not free). */
  requestHash: string;
}

/** prepare.ts's outcome, the valid rows kept in the engine: only their emails and usernames to look up leave it. */
export type PreparedSummary =
  | Exclude<PreparedImport, { outcome: 'validated' }>
  | { outcome: 'validated'; rowCount: number; lookup: { emails: PgArray; usernames: PgArray; externalIds: PgArray } };

export interface PlanSummary {
  /** An atomic import with errors: nothing may be written. */
  failure?: { issues: Issue[]; message: Message } | undefined;
  /** Rows that would be inserted. */
  toInsert: number;
}

export interface ImportAnswer {
  /** The answer's JSON as UTF-8 (transferred, not copied, out of a worker). */
  bytes: Uint8Array<ArrayBuffer>;
  /** The same JSON as text, when the idempotency record needs it. */
  json?: string | undefined;
  imported: number;
  skipped: number;
  failed: number;
}

/** The columns of the users' insert, as PostgreSQL array literals. */
export interface UserColumns {
  ids: PgArray;
  organizationIds: PgArray;
  firstNames: PgArray;
  lastNames: PgArray;
  emails: PgArray;
  emailsNormalized: PgArray;
  usernames: PgArray;
  usernamesNormalized: PgArray;
  phones: PgArray;
  searchTexts: PgArray;
  /** Each row's sign-in method, the profile's default where the row chose none. */
  signInMethods: PgArray;
  /** Each row's external id, or null. */
  externalIds: PgArray;
  /** Each row's imported password hash in its stored form (`imported$…`), or null. */
  passwordHashes: PgArray;
  /** Each row's imported TOTP secret, sealed like Roster's own (TotpService), or null: the factor is enrolled. */
  mfaSecrets: PgArray;
  /** Each row's status: `active` for a row with a password hash when no invitations are sent, else `invited`. */
  statuses: PgArray;
}

/** What follows the users' insert, for the users that were inserted (array literals). */
export interface DependentColumns {
  roles: { userIds: PgArray; roleIds: PgArray };
  groups: { userIds: PgArray; groupIds: PgArray };
  /** Explicit permissions, one pair per permission. */
  permissions: { userIds: PgArray; permissions: PgArray };
  /** The users whose row turned "All Module Access" off. */
  allModulesOff: PgArray;
  userIds: PgArray;
  /** The users invited by email (all, unless `sendInvitations: false`): their ids, token hashes, addresses and first names. */
  invited: { userIds: PgArray; tokenHashes: PgArray; emails: PgArray; firstNames: PgArray; sealedTokens: PgArray; suppressed: PgArray };
  emails: PgArray;
  firstNames: PgArray;
  lastNames: PgArray;
  organizationIds: PgArray;
  /** Each user's role ids joined by commas, for the audit event. */
  roleIdLists: PgArray;
  /** Custom attribute values, one entry per value: numbers in `numbers`, everything else as text. */
  attributes: { userIds: PgArray; attributeIds: PgArray; texts: PgArray; numbers: PgArray };
  /** The ids of the definitions those values were checked against (each once). */
  attributeIdsUsed: string[];
}

const errorOf = (e: unknown): EngineError => {
  if (e instanceof ApiError) return { code: e.code, message: e.message, localized: e.localized, issues: e.issues };
  throw e;
};

type Row = { i: number; v: ValidImportRow };
type BulkImportRequest = z.output<typeof BulkImportRequestSchema>;

export class ImportEngine {
  private body: Uint8Array | string | null;
  private input: BulkImportRequest | null = null;
  private rowCount = 0;
  private results: { value: ValidImportRow | null; issues: ImportCellIssue[] }[] = [];
  private failedEmails: Record<number, string> = {};
  private valid: Row[] = [];
  private outcomes: ImportRowOutcome[] = [];
  private toInsert: Row[] = [];
  private mode: ImportMode = 'atomic';
  private dryRun = true;
  private ids: string[] = [];
  private tokens: string[] = [];
  private sealed: Promise<string[]> | null = null;
  private defaultOrganizationId: string | null = null;
  private defaultRoleId: string | null = null;
  private inserted: (Row & { id: string; k: number })[] = [];
  /** The rows' normalised addresses found on the tenant's suppression list (`plan`). */
  private suppressed = new Set<string>();
  /** The tenant's custom attributes by key (`prepare`). */
  private attributeDefs = new Map<string, AttributeDefinition>();

  constructor(body: Uint8Array | string) {
    this.body = body;
  }

  /** The body's JSON and the request schema, then the text's size: the first errors an import can earn. */
  start(o: { wantRequestHash: boolean }): { ok: true; request: ImportRequestSummary } | { ok: false; error: EngineError } {
    const body = this.body;
    this.body = null;
    try {
      const json = jsonBodyOf(typeof body === 'string' ? body : new TextDecoder().decode(body ?? new Uint8Array()));
      const parsed = BulkImportRequestSchema.safeParse(json);
      if (!parsed.success) throw validationFailed(toIssues(parsed.error.issues, ['body']));
      const input = parsed.data;
      if (input.text !== undefined && Buffer.byteLength(input.text, 'utf8') > MAX_IMPORT_BYTES) {
        throw new ApiError('payload_too_large', importTooLargeMessage, [{ path: ['body', 'text'], message: importTooLargeIssue }]);
      }
      this.input = input;
      return {
        ok: true,
        request: {
          kind: input.kind,
          mode: input.mode,
          organizationId: input.organizationId ?? undefined,
          confirmAddSeats: input.confirmAddSeats === true,
          rowsPath: input.rows ? 'rows' : 'text',
          sendInvitations: input.sendInvitations !== false,
          requestHash: o.wantRequestHash ? createHash('sha256').update(JSON.stringify(input)).digest('hex') : '',
        },
      };
    } catch (e) {
      return { ok: false, error: errorOf(e) };
    }
  }

  /** Parse, map and validate the rows (prepare.ts); the valid rows' emails and usernames to look up. */
  prepare(o: { profile: PolicyProfile; names: { roles: string[]; groups: string[]; organizations: string[] }; catalog: ImportCatalog; defaultOrganizationId: string | null; attributes?: AttributeDefinition[] | undefined }): PreparedSummary {
    const input = this.required();
    this.defaultOrganizationId = o.defaultOrganizationId;
    this.attributeDefs = new Map((o.attributes ?? []).map((d) => [d.key, d]));
    const prepared = prepareImport({
      kind: input.kind,
      text: input.text,
      rows: input.rows,
      source: input.source,
      columns: input.columns,
      hasHeader: input.hasHeader,
      profile: o.profile,
      names: o.names,
      catalog: o.catalog,
      hasDefaultOrganization: o.defaultOrganizationId !== null,
      attributes: o.attributes ?? [],
    });
    // The text is no longer needed; a worker keeps this object until the request ends.
    this.input = { ...input, text: undefined, rows: undefined };
    if (prepared.outcome !== 'validated') return prepared;
    this.rowCount = prepared.rowCount;
    this.results = prepared.results;
    this.failedEmails = prepared.failedEmails;
    this.valid = prepared.results.flatMap((r, i) => (r.value ? [{ i, v: r.value }] : []));
    return {
      outcome: 'validated',
      rowCount: prepared.rowCount,
      lookup: {
        emails: pgArray(this.valid.map((x) => x.v.emailNormalized)),
        usernames: pgArray(this.valid.flatMap((x) => (x.v.usernameNormalized ? [x.v.usernameNormalized] : []))),
        externalIds: pgArray(this.valid.flatMap((x) => (x.v.externalId !== null ? [x.v.externalId] : []))),
      },
    };
  }

  /** Each row's outcome against the tenant's users found by the lookup (a dry run's, or inside the commit's transaction). */
  plan(o: { existingEmails: readonly string[]; existingUsernames: readonly string[]; existingExternalIds?: readonly string[]; suppressedEmails?: readonly string[]; mode: ImportMode; dryRun: boolean }): PlanSummary {
    this.mode = o.mode;
    this.dryRun = o.dryRun;
    this.suppressed = new Set(o.suppressedEmails ?? []);
    const emails = new Set(o.existingEmails);
    const usernames = new Set(o.existingUsernames);
    const externalIds = new Set(o.existingExternalIds ?? []);
    const outcomes: ImportRowOutcome[] = [];
    const issues: Issue[] = [];
    const toInsert: Row[] = [];
    for (const [i, r] of this.results.entries()) {
      const v = r.value;
      // A row whose person already exists: skipped row by row, an error of the whole import when atomic.
      const taken =
        v && emails.has(v.emailNormalized)
          ? issueOf(['rows', i, 'email'], 'import.email_exists')
          : v?.usernameNormalized && usernames.has(v.usernameNormalized)
            ? issueOf(['rows', i, 'username'], 'import.username_exists')
            : null;
      // Another user's external id: a failed row (not a skipped one: it is not the same person by address).
      if (v && !taken && v.externalId !== null && externalIds.has(v.externalId)) {
        const issue = issueOf(['rows', i, 'externalId'], 'value.taken');
        issues.push(issue);
        outcomes.push({ row: i, status: 'failed', email: v.email, issues: [issue] });
        continue;
      }
      if (v && taken) {
        const issue = taken;
        if (o.mode === 'atomic') issues.push(issue);
        outcomes.push({ row: i, status: o.mode === 'per-row' ? 'skipped' : 'failed', email: v.email, issues: [issue] });
        continue;
      }
      if (!v) {
        // A custom attribute's cell is named `rows.<i>.attributes.<key>`, as the row's field of the API.
        const rowIssues = r.issues.map((x) => issueOf(x.field.startsWith('attributes.') ? ['rows', i, 'attributes', x.field.slice(11)] : ['rows', i, x.field], x.id, x.params));
        issues.push(...rowIssues);
        outcomes.push({ row: i, status: 'failed', ...(this.failedEmails[i] !== undefined ? { email: this.failedEmails[i] } : {}), issues: rowIssues });
        continue;
      }
      toInsert.push({ i, v });
      outcomes.push({ row: i, status: 'imported', email: v.email, ...this.invitationOf(v) });
    }
    this.outcomes = outcomes;
    this.toInsert = toInsert;
    if (o.mode === 'atomic' && issues.length > 0) {
      const bad = new Set(issues.map((x) => x.path[1])).size;
      return { failure: { issues, message: { id: 'import.rows_failed', params: { failed: bad, total: this.rowCount } } }, toInsert: toInsert.length };
    }
    return { toInsert: toInsert.length };
  }

  /**
   * The users' columns for the commit, with their new ids and invitation tokens; the tokens are sealed for the
   * outbox meanwhile (AES-GCM, `sealInvitationTokens`), while PostgreSQL inserts the users.
   */
  commitColumns(o: { tenantId: string; signingKey: Uint8Array; defaultRoleId: string | null; defaultSignInMethod: SignInMethod }): UserColumns {
    const rows = this.toInsert;
    this.defaultRoleId = o.defaultRoleId;
    this.ids = uuidV7s(rows.length);
    this.tokens = generateSecrets(rows.length);
    this.sealed = sealInvitationTokens(o.signingKey, o.tenantId, this.ids, rows.map((x) => x.v.email), this.tokens);
    const box = rows.some((x) => x.v.totpSecret !== null) ? totpSecretBox(o.signingKey) : null;
    this.sealed.catch(() => undefined); // awaited in afterInsert; never an unhandled rejection if the insert fails first
    const organizationOf = (x: Row) => x.v.organizationId ?? this.defaultOrganizationId;
    return {
      ids: pgArray(this.ids),
      organizationIds: pgArray(rows.map(organizationOf)),
      firstNames: pgArray(rows.map((x) => x.v.firstName)),
      lastNames: pgArray(rows.map((x) => x.v.lastName)),
      emails: pgArray(rows.map((x) => x.v.email)),
      emailsNormalized: pgArray(rows.map((x) => x.v.emailNormalized)),
      usernames: pgArray(rows.map((x) => x.v.username)),
      usernamesNormalized: pgArray(rows.map((x) => x.v.usernameNormalized)),
      phones: pgArray(rows.map((x) => x.v.phone)),
      searchTexts: pgArray(rows.map((x) => userSearchText(x.v))),
      signInMethods: pgArray(rows.map((x) => x.v.signInMethod ?? o.defaultSignInMethod)),
      externalIds: pgArray(rows.map((x) => x.v.externalId)),
      passwordHashes: pgArray(rows.map((x) => (x.v.passwordHash !== null ? storedImportedHash(x.v.passwordHash) : null))),
      mfaSecrets: pgArray(rows.map((x) => (x.v.totpSecret !== null ? box!.seal(x.v.totpSecret) : null))),
      statuses: pgArray(rows.map((x) => (this.invites(x.v) ? 'invited' : this.activeAtOnce(x.v) ? 'active' : 'invited'))),
    };
  }

  /**
   * After the users' insert: rows lost to a concurrent writer (their ids) become skipped rows (per-row) or the
   * import's conflict (atomic, `lostIssues`); the columns of the remaining writes and the answer, for the users
   * that were inserted.
   */
  async afterInsert(o: { lostIds: readonly string[]; wantJson: boolean }): Promise<{ lostIssues: Issue[]; columns: DependentColumns; answer: ImportAnswer }> {
    const lostIds = new Set(o.lostIds);
    const lostIssues: Issue[] = [];
    this.toInsert.forEach((x, k) => {
      if (!lostIds.has(this.ids[k]!)) return;
      const issue = { path: ['rows', x.i, 'email'], message: 'A user with this email or username was created while the import ran.' };
      lostIssues.push(issue);
      this.outcomes[x.i] = { row: x.i, status: 'skipped', email: x.v.email, issues: [issue] };
    });
    this.inserted = this.toInsert.map((x, k) => ({ ...x, id: this.ids[k]!, k })).filter((x) => !lostIds.has(x.id));
    for (const x of this.inserted) this.outcomes[x.i] = { row: x.i, status: 'imported', userId: x.id, email: x.v.email, ...this.invitationOf(x.v) };
    const sealed = await this.sealed!;
    const rows = this.inserted;
    const roles = rows.flatMap((x) => (x.v.roleIds.length > 0 ? x.v.roleIds : this.defaultRoleId ? [this.defaultRoleId] : []).map((r) => [x.id, r] as const));
    const groups = rows.flatMap((x) => x.v.groupIds.map((g) => [x.id, g] as const));
    const permissions = rows.flatMap((x) => x.v.permissions.map((q) => [x.id, q] as const));
    const invited = rows.filter((x) => this.invites(x.v));
    const values = this.attributeDefs.size === 0 ? [] : rows.flatMap((x) => (x.v.attributes ? Object.entries(x.v.attributes).flatMap(([key, v]) => (v === null ? [] : [{ userId: x.id, ...storedValue(this.attributeDefs.get(key)!, v) }])) : []));
    const columns: DependentColumns = {
      roles: { userIds: pgArray(roles.map((q) => q[0])), roleIds: pgArray(roles.map((q) => q[1])) },
      groups: { userIds: pgArray(groups.map((q) => q[0])), groupIds: pgArray(groups.map((q) => q[1])) },
      permissions: { userIds: pgArray(permissions.map((q) => q[0])), permissions: pgArray(permissions.map((q) => q[1])) },
      allModulesOff: pgArray(rows.flatMap((x) => (x.v.allModules ? [] : [x.id]))),
      userIds: pgArray(rows.map((x) => x.id)),
      invited: {
        userIds: pgArray(invited.map((x) => x.id)),
        tokenHashes: pgArray(invited.map((x) => hashSecret(this.tokens[x.k]!))),
        emails: pgArray(invited.map((x) => x.v.email)),
        firstNames: pgArray(invited.map((x) => x.v.firstName)),
        sealedTokens: pgArray(invited.map((x) => sealed[x.k]!)),
        suppressed: pgArray(invited.map((x) => (this.suppressed.has(x.v.emailNormalized) ? 't' : 'f'))),
      },
      emails: pgArray(rows.map((x) => x.v.email)),
      firstNames: pgArray(rows.map((x) => x.v.firstName)),
      lastNames: pgArray(rows.map((x) => x.v.lastName)),
      organizationIds: pgArray(rows.map((x) => x.v.organizationId ?? this.defaultOrganizationId)),
      roleIdLists: pgArray(rows.map((x) => x.v.roleIds.join(','))),
      attributes: { userIds: pgArray(values.map((v) => v.userId)), attributeIds: pgArray(values.map((v) => v.attributeId)), texts: pgArray(values.map((v) => v.text)), numbers: pgArray(values.map((v) => (v.number === null ? null : String(v.number)))) },
      attributeIdsUsed: [...new Set(values.map((v) => v.attributeId))],
    };
    return { lostIssues, columns, answer: this.respond({ wantJson: o.wantJson }) };
  }

  /** An imported row's invitation, when it is held back: its address is on the suppression list. */
  private invitationOf(v: ValidImportRow): { invitation?: 'suppressed' } {
    return this.invites(v) && this.suppressed.has(v.emailNormalized) ? { invitation: 'suppressed' } : {};
  }

  /** Whether the row's user is sent an invitation: always, unless the request says `sendInvitations: false`. */
  private invites(_v: ValidImportRow): boolean {
    return this.input?.sendInvitations !== false;
  }

  /** Without invitations, a row with a password hash is imported active: the person signs in with the old password. */
  private activeAtOnce(v: ValidImportRow): boolean {
    return v.passwordHash !== null;
  }

  /** The answer: every row's outcome (a dry run's right after `plan`; a commit's from `afterInsert`). */
  respond(o: { wantJson: boolean }): ImportAnswer {
    const imported = this.dryRun ? this.toInsert.length : this.inserted.length;
    let skipped = 0;
    let failed = 0;
    for (const x of this.outcomes) {
      if (x.status === 'skipped') skipped += 1;
      else if (x.status === 'failed') failed += 1;
    }
    const json = JSON.stringify({ dryRun: this.dryRun, mode: this.mode, imported, skipped, failed, results: this.outcomes });
    return { bytes: new TextEncoder().encode(json), json: o.wantJson ? json : undefined, imported, skipped, failed };
  }

  private required(): BulkImportRequest {
    if (!this.input) throw new Error('ImportEngine: start() must succeed first');
    return this.input;
  }
}
