import type { ErrorEnvelope, Issue, OrganizationList, RoleList, UserListQueryInput, UserPage } from '@roster/contract';

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

  private url(path: string, query: Query): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
    const qs = params.toString();
    const base = this.baseUrl().replace(/\/+$/, '');
    return `${base}${path}${qs ? `?${qs}` : ''}`;
  }

  private async get<T>(path: string, query: Query, signal?: AbortSignal, retried = false): Promise<T> {
    const token = await this.tokens.get();
    let res: Response;
    try {
      res = await fetch(this.url(path, query), { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, signal });
    } catch (e) {
      if ((e as Error).name === 'AbortError') throw e;
      throw new ApiError(0, 'network', 'The server could not be reached.');
    }
    if (res.status === 401 && !retried) {
      this.tokens.invalidate();
      return this.get<T>(path, query, signal, true);
    }
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as ErrorEnvelope | null;
      throw new ApiError(res.status, body?.error.code ?? 'http_error', body?.error.message ?? `HTTP ${res.status}`, body?.error.issues ?? []);
    }
    return (await res.json()) as T;
  }
}
