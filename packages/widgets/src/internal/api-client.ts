import type { AccessGroup, BulkImportResponse, CloneUserRequest, CreateRoleRequest, CreateUserInput, CreatedUser, ErrorEnvelope, Issue, OrganizationList, PatchUserInput, Role, RoleList, TenantContext, User, UserExportQueryInput, UserListQueryInput, UserPage } from '@roster/contract';
import type { Endpoints, UserAction } from './endpoints.js';

export type { Endpoints, UserAction };

/** An error answer of the BFF, with the envelope's code, message and per-field issues. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
  }
}

/** What the element receives from a host's token provider: a bare token or one with its expiry. */
export type TokenGrant = string | { token: string; expiresAt?: string };
export type TokenProvider = () => Promise<TokenGrant>;

/**
 * How an element authenticates, read from its properties: a fixed `token`, a `provider` to ask for one, or — with
 * neither — `session`: the BFF's own session cookie, which the browser sends by itself to the same origin (Roster's
 * /account page).
 */
export interface TokenSettings {
  token?: string | undefined;
  provider?: TokenProvider | undefined;
  session?: boolean | undefined;
}

/**
 * Holds the current widget token. With a provider, it asks again 30 s before the token expires and whenever
 * the BFF answers 401; concurrent callers share one pending request. In session mode it holds none: requests go
 * without an Authorization header, and a 401 means the session has ended (`onSessionEnded`), which no retry mends.
 */
export class TokenSource {
  private cached: { token: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  static readonly REFRESH_BEFORE_MS = 30_000;

  constructor(
    private readonly read: () => TokenSettings,
    private readonly onRefreshed?: () => void,
    private readonly onSessionEnded?: () => void,
  ) {}

  /** The token to send, or null in session mode (the session cookie goes instead). */
  async get(): Promise<string | null> {
    const { token, provider, session } = this.read();
    if (!provider) {
      if (token) return token;
      if (session) return null;
      throw new ApiError(401, 'unauthorized', 'No token: set the token property or a tokenProvider.');
    }
    if (this.cached && this.cached.expiresAt - TokenSource.REFRESH_BEFORE_MS > Date.now()) return this.cached.token;
    this.pending ??= this.fetch(provider).finally(() => (this.pending = null));
    return this.pending;
  }

  invalidate(): void {
    this.cached = null;
  }

  /**
   * The BFF answered 401 to a request sent with `token`: whether to send it again. With a token, yes, after a fresh
   * one; in session mode (`token` null) no — the session has ended, and `onSessionEnded` says so.
   */
  refused(token: string | null): boolean {
    if (token === null) {
      this.onSessionEnded?.();
      return false;
    }
    this.invalidate();
    return true;
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private async fetch(provider: TokenProvider): Promise<string> {
    const grant = await provider();
    const token = typeof grant === 'string' ? grant : grant.token;
    const expiresAt = typeof grant === 'string' || !grant.expiresAt ? Infinity : Date.parse(grant.expiresAt);
    this.cached = { token, expiresAt };
    clearTimeout(this.timer);
    if (Number.isFinite(expiresAt)) {
      const delay = Math.max(1_000, expiresAt - Date.now() - TokenSource.REFRESH_BEFORE_MS);
      this.timer = setTimeout(() => {
        this.cached = null;
        void this.get().then(() => this.onRefreshed?.(), () => undefined);
      }, delay);
    }
    return token;
  }
}

type Route = keyof Endpoints;
type Query = Record<string, string | number | boolean | undefined | null>;
/** What a route takes besides its key: its path parameters, query and body as `Endpoints` says, and a signal. */
export type CallInput<R extends Route> = Omit<Endpoints[R], 'response'> & { signal?: AbortSignal | undefined; headers?: Record<string, string> | undefined };

/** The typed client: elements never build URLs or read envelopes by hand. */
export class ApiClient {
  constructor(
    private readonly baseUrl: () => string,
    private readonly tokens: TokenSource,
    /** The element's language, sent as Accept-Language so that the server's messages match the element's words. */
    private readonly language?: () => string,
  ) {}

  /** Calls a route of `Endpoints` — e.g. `call('PATCH /v1/users/:id', { params: { id }, body })` — and returns its answer. */
  call<R extends Route>(route: R, input: CallInput<R>): Promise<Endpoints[R]['response']> {
    const space = route.indexOf(' ');
    const { params, query, body, signal, headers } = input as CallInput<R> & { params?: Record<string, string>; query?: Query; body?: unknown };
    const path = route.slice(space + 1).replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params![name]!));
    return this.request<Endpoints[R]['response']>(route.slice(0, space), this.url(path, query ?? {}), body, signal, false, headers);
  }

  listUsers(query: UserListQueryInput, signal?: AbortSignal): Promise<UserPage> {
    return this.call('GET /v1/users', { query, signal });
  }
  /** The CSV export of the list's filters (streamed by the server; here the whole file, for a download link). */
  exportUsers(query: UserExportQueryInput, signal?: AbortSignal): Promise<Blob> {
    return this.call('GET /v1/users/export', { query, signal, headers: { accept: 'text/csv' } });
  }
  listOrganizations(signal?: AbortSignal): Promise<OrganizationList> {
    return this.call('GET /v1/organizations', { signal });
  }
  listRoles(signal?: AbortSignal): Promise<RoleList> {
    return this.call('GET /v1/roles', { signal });
  }
  createRole(body: CreateRoleRequest): Promise<Role> {
    return this.call('POST /v1/roles', { body });
  }
  updateRole(id: string, body: Partial<CreateRoleRequest>): Promise<Role> {
    return this.call('PATCH /v1/roles/:id', { params: { id }, body });
  }
  deleteRole(id: string): Promise<null> {
    return this.call('DELETE /v1/roles/:id', { params: { id } });
  }
  tenant(signal?: AbortSignal): Promise<TenantContext> {
    return this.call('GET /v1/tenant', { signal });
  }
  createUser(body: CreateUserInput): Promise<CreatedUser> {
    return this.call('POST /v1/users', { body });
  }
  updateUser(id: string, body: PatchUserInput): Promise<User> {
    return this.call('PATCH /v1/users/:id', { params: { id }, body });
  }
  cloneUser(id: string, body: CloneUserRequest): Promise<CreatedUser> {
    return this.call('POST /v1/users/:id/clone', { params: { id }, body });
  }
  userAction(id: string, action: UserAction, body?: { confirmAddSeat?: boolean }): Promise<User> {
    if (action === 'activate') return this.call('POST /v1/users/:id/activate', { params: { id }, body });
    return this.call(`POST /v1/users/:id/${action}`, { params: { id } });
  }
  setUserRoles(id: string, roleIds: string[]): Promise<User> {
    return this.call('PUT /v1/users/:id/roles', { params: { id }, body: { roleIds } });
  }
  listAccessGroups(signal?: AbortSignal): Promise<{ items: AccessGroup[] }> {
    return this.call('GET /v1/access-groups', { signal });
  }
  /** `json` is the request body as text (the import modal's worker builds it); `idempotencyKey` makes a retry safe. */
  bulkImport(json: string, o: { dryRun: boolean; idempotencyKey?: string; signal?: AbortSignal }): Promise<BulkImportResponse> {
    const headers = o.idempotencyKey && !o.dryRun ? { 'idempotency-key': o.idempotencyKey } : undefined;
    return this.call('POST /v1/users/bulk-import', { query: { dryRun: o.dryRun ? 'true' : undefined }, body: json, signal: o.signal, headers });
  }
  deleteUser(id: string): Promise<null> {
    return this.call('DELETE /v1/users/:id', { params: { id } });
  }

  private url(path: string, query: Query): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
    const qs = params.toString();
    const base = this.baseUrl().replace(/\/+$/, '');
    return `${base}${path}${qs ? `?${qs}` : ''}`;
  }

  /** A string body is JSON text already (a bulk import's); any other is sent as JSON. */
  private async request<T>(method: string, url: string, body: unknown, signal?: AbortSignal, retried = false, extraHeaders?: Record<string, string>): Promise<T> {
    const token = await this.tokens.get();
    const headers: Record<string, string> = { ...(token === null ? {} : { authorization: `Bearer ${token}` }), accept: 'application/json', ...extraHeaders };
    if (this.language) headers['accept-language'] = this.language();
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body), signal });
    } catch (e) {
      if ((e as Error).name === 'AbortError') throw e;
      throw new ApiError(0, 'network', 'The server could not be reached.');
    }
    if (res.status === 401 && !retried && this.tokens.refused(token)) return this.request<T>(method, url, body, signal, true, extraHeaders);
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as ErrorEnvelope | null;
      throw new ApiError(res.status, body?.error.code ?? 'http_error', body?.error.message ?? `HTTP ${res.status}`, body?.error.issues ?? []);
    }
    // No body (204, or a 202 that only says "queued") is null; a file asked for by its type (the CSV export) comes back
    // as a Blob; everything else is JSON.
    return (!res.headers.get('content-type') ? null : headers.accept !== 'application/json' ? await res.blob() : await res.json()) as T;
  }
}
