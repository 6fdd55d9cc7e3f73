import type { AccessGroup, BulkImportResponse, CreateUserInput, ErrorEnvelope, Issue, OrganizationList, PatchUserInput, RoleList, TenantContext, User, UserListQueryInput, UserPage } from '@roster/contract';

/** Lifecycle actions that are a bare POST on a user. */
export type UserAction = 'resend-invitation' | 'deactivate' | 'activate' | 'unlock' | 'reset-password' | 'reset-mfa';

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
 * Holds the current widget token. With a provider, it asks again 30 s before the token expires and whenever
 * the BFF answers 401; concurrent callers share one pending request.
 */
export class TokenSource {
  private cached: { token: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  static readonly REFRESH_BEFORE_MS = 30_000;

  constructor(
    private readonly read: () => { token?: string | undefined; provider?: TokenProvider | undefined },
    private readonly onRefreshed?: () => void,
  ) {}

  async get(): Promise<string> {
    const { token, provider } = this.read();
    if (!provider) {
      if (!token) throw new ApiError(401, 'unauthorized', 'No token: set the token property or a tokenProvider.');
      return token;
    }
    if (this.cached && this.cached.expiresAt - TokenSource.REFRESH_BEFORE_MS > Date.now()) return this.cached.token;
    this.pending ??= this.fetch(provider).finally(() => (this.pending = null));
    return this.pending;
  }

  invalidate(): void {
    this.cached = null;
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

/** A body that is JSON text already. */
class RawJson {
  constructor(readonly text: string) {}
}

type Query = Record<string, string | number | boolean | undefined | null>;

/** The typed client: elements never build URLs or read envelopes by hand. */
export class ApiClient {
  constructor(
    private readonly baseUrl: () => string,
    private readonly tokens: TokenSource,
  ) {}

  listUsers(query: UserListQueryInput, signal?: AbortSignal): Promise<UserPage> {
    return this.get<UserPage>('/v1/users', query as Query, signal);
  }
  listOrganizations(signal?: AbortSignal): Promise<OrganizationList> {
    return this.get<OrganizationList>('/v1/organizations', {}, signal);
  }
  listRoles(signal?: AbortSignal): Promise<RoleList> {
    return this.get<RoleList>('/v1/roles', {}, signal);
  }
  tenant(signal?: AbortSignal): Promise<TenantContext> {
    return this.get<TenantContext>('/v1/tenant', {}, signal);
  }
  createUser(body: CreateUserInput): Promise<User> {
    return this.send<User>('POST', '/v1/users', body);
  }
  updateUser(id: string, body: PatchUserInput): Promise<User> {
    return this.send<User>('PATCH', `/v1/users/${encodeURIComponent(id)}`, body);
  }
  cloneUser(id: string, body: { firstName: string; lastName: string; email: string; phone?: string | null }): Promise<User> {
    return this.send<User>('POST', `/v1/users/${encodeURIComponent(id)}/clone`, body);
  }
  userAction(id: string, action: UserAction, body?: unknown): Promise<User> {
    return this.send<User>('POST', `/v1/users/${encodeURIComponent(id)}/${action}`, body);
  }
  setUserRoles(id: string, roleIds: string[]): Promise<User> {
    return this.send<User>('PUT', `/v1/users/${encodeURIComponent(id)}/roles`, { roleIds });
  }
  listAccessGroups(signal?: AbortSignal): Promise<{ items: AccessGroup[] }> {
    return this.get<{ items: AccessGroup[] }>('/v1/access-groups', {}, signal);
  }
  /** `json` is the request body as text (the import modal's worker builds it); `idempotencyKey` makes a retry safe. */
  bulkImport(json: string, o: { dryRun: boolean; idempotencyKey?: string; signal?: AbortSignal }): Promise<BulkImportResponse> {
    const headers = o.idempotencyKey && !o.dryRun ? { 'idempotency-key': o.idempotencyKey } : undefined;
    return this.request<BulkImportResponse>('POST', this.url('/v1/users/bulk-import', { dryRun: o.dryRun ? 'true' : undefined }), new RawJson(json), o.signal, false, headers);
  }
  deleteUser(id: string): Promise<null> {
    return this.send<null>('DELETE', `/v1/users/${encodeURIComponent(id)}`);
  }

  private url(path: string, query: Query): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
    const qs = params.toString();
    const base = this.baseUrl().replace(/\/+$/, '');
    return `${base}${path}${qs ? `?${qs}` : ''}`;
  }

  private get<T>(path: string, query: Query, signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', this.url(path, query), undefined, signal);
  }

  private send<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.request<T>(method, this.url(path, {}), body);
  }

  private async request<T>(method: string, url: string, body: unknown, signal?: AbortSignal, retried = false, extraHeaders?: Record<string, string>): Promise<T> {
    const token = await this.tokens.get();
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json', ...extraHeaders };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body: body === undefined ? undefined : body instanceof RawJson ? body.text : JSON.stringify(body), signal });
    } catch (e) {
      if ((e as Error).name === 'AbortError') throw e;
      throw new ApiError(0, 'network', 'The server could not be reached.');
    }
    if (res.status === 401 && !retried) {
      this.tokens.invalidate();
      return this.request<T>(method, url, body, signal, true, extraHeaders);
    }
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as ErrorEnvelope | null;
      throw new ApiError(res.status, body?.error.code ?? 'http_error', body?.error.message ?? `HTTP ${res.status}`, body?.error.issues ?? []);
    }
    return (res.status === 204 ? null : await res.json()) as T;
  }
}
