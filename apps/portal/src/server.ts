import { Hono, type Context } from 'hono';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createApp, createServices, languageOf, listOutbox, listSmsOutbox, negotiateLanguage, readOutboxMessage, readSmsMessage, seedDemo, startSenders, type Config, type Lifecycle, type Services } from '@roster/bff';
import { hostPage, themesPage } from './pages/host-page.js';
import { acceptInvitationPage, accountPage, badLinkPage, confirmEmailPage, forgotPasswordPage, loginPage, resetPasswordPage, type AccountPageFor, type PageBrand, type PageFor } from './pages/account-pages.js';
import { endedReasons, type EndedReason } from './pages/words/en.js';
import { mailboxListPage, mailboxMessagePage } from './pages/mailbox.js';
import { myAccountPage } from './pages/my-account-page.js';
import type { LinkPurpose, LinkStatus } from '@roster/contract';

export { pageCatalogues, type PageWords } from './pages/words/index.js';

const require = createRequire(import.meta.url);

/** What the pages need of the BFF: its routes, asked in-process. */
interface Bff {
  /** `env` is the page request's (its client's address): the BFF's rate limits count each visitor, not the portal. */
  request(input: string, init?: RequestInit, env?: unknown): Response | Promise<Response>;
}

/**
 * The self-service pages, each in the brand of the tenant it is for (white-label): the tenant of the link's
 * `token`, of `?tenant=` (else the demo tenant), or of the session cookie — asked of the BFF's public route, which
 * answers the product's own branding for anything it does not know. Each speaks the language of the person it is
 * for: their own setting when the link's token or the session names them (it wins), else `?lang=` (the language of
 * the page the person comes from: /account sends them to /login in theirs when their session ends), else the best of
 * the browser's `Accept-Language`, else English.
 */
export function selfServicePages(bff: Bff, defaultTenantId: string | null): Hono {
  /** `session`: the page is the signed-in person's (/account): their session names the tenant and the language. */
  async function pageFor(c: Context, { session = false } = {}): Promise<PageFor> {
    const token = session ? undefined : c.req.query('token');
    const tenant = session ? undefined : (c.req.query('tenant') ?? defaultTenantId);
    const query = new URLSearchParams(token ? { token: token.slice(0, 200) } : tenant ? { tenantId: tenant.slice(0, 100) } : {});
    const cookie = c.req.header('cookie');
    const res = await bff.request(`/v1/public/branding?${query}`, { headers: cookie ? { cookie } : {} });
    const { language, ...brand } = (await (res.ok ? res : await bff.request('/v1/public/branding')).json()) as PageBrand & { language: string | null };
    const lang = typeof language === 'string' ? languageOf(language) : (negotiateLanguage(c.req.query('lang')?.slice(0, 20)) ?? negotiateLanguage(c.req.header('accept-language')) ?? 'en');
    // The page differs by these request headers (a cache must not hand one person's language to another).
    c.header('Vary', 'Accept-Language, Cookie');
    c.header('Content-Language', lang);
    return { brand, lang };
  }
  /**
   * A link's page: its form while the link works, else what became of the link (expired, used, replaced, unknown —
   * a token of another kind of link is unknown here) and the way forward. If the BFF cannot say (rate limited, down),
   * the form is shown as before and its POST decides.
   */
  async function linkPage(c: Context, purpose: LinkPurpose, form: (page: PageFor) => string) {
    const page = await pageFor(c);
    const token = (c.req.query('token') ?? '').slice(0, 200);
    let status: LinkStatus | null = { state: 'unknown', purpose: null };
    if (token) {
      const res = await bff.request(`/v1/public/link-status?${new URLSearchParams({ token })}`, {}, c.env);
      status = res.ok ? ((await res.json()) as LinkStatus) : null;
    }
    if (!status || (status.state === 'valid' && status.purpose === purpose)) return c.html(form(page));
    return c.html(badLinkPage(page, purpose, status.state === 'valid' || status.purpose !== purpose ? 'unknown' : status.state, token));
  }
  /**
   * /account: `<account-panel session>` for the person of the session cookie. Without a live session (none, ended,
   * expired) the browser goes to /login; if the BFF cannot say who it is, the page opens and the panel says what failed.
   */
  async function accountRoute(c: Context) {
    const cookie = c.req.header('cookie');
    if (!cookie) return c.redirect('/login');
    const [me, tenant] = await Promise.all(['/v1/auth/me', '/v1/tenant'].map((path) => bff.request(path, { headers: { cookie } }, c.env)));
    if (me!.status === 401) return c.redirect('/login');
    const page = await pageFor(c, { session: true });
    // The person's name and address: never kept by a cache.
    c.header('Cache-Control', 'private, no-store');
    const person = me!.ok ? ((await me!.json()) as Omit<AccountPageFor, 'tenantId'>) : null;
    const tenantId = tenant!.ok ? ((await tenant!.json()) as { id: string }).id : null;
    return c.html(accountPage(page, person && { ...person, tenantId }));
  }
  /** Why the login page opens (`?ended=`, from /account): one of the known reasons, else none. */
  const ended = (c: Context): EndedReason | null => endedReasons.find((r) => r === c.req.query('ended')) ?? null;
  return new Hono()
    .get('/accept-invitation', (c) => linkPage(c, 'invitation', acceptInvitationPage))
    .get('/login', async (c) => c.html(loginPage(await pageFor(c), defaultTenantId, ended(c))))
    .get('/forgot-password', async (c) => c.html(forgotPasswordPage(await pageFor(c), defaultTenantId)))
    .get('/reset-password', (c) => linkPage(c, 'password_reset', resetPasswordPage))
    .get('/confirm-email', (c) => linkPage(c, 'email_change', confirmEmailPage))
    .get('/account', accountRoute);
}

/** The built widget bundle (`pnpm --filter @roster/widgets build`). */
export function widgetBundlePath(): string {
  return join(dirname(require.resolve('@roster/widgets')), '..', 'dist', 'roster-widgets.js');
}

export interface Portal {
  app: Hono;
  /** The BFF's services (database included), for tests that look at what was stored. */
  services: Services;
  close(): Promise<void>;
  databaseKind: 'postgres' | 'pglite';
}

/**
 * The demo host portal: a vendor's page that embeds <user-table>, its tiny "host backend" that mints widget
 * tokens with the vendor's OAuth client credentials, and the Roster BFF, all on one origin.
 */
export async function createPortal(config: Config, lifecycle?: Lifecycle): Promise<Portal> {
  const { services, handle } = await createServices(config, { lifecycle });
  const bff = createApp(services);
  const credentials = config.demo ? await seedDemo(services) : null;

  // What a vendor's backend does: client credentials → access token (cached) → widget token for its signed-in admin.
  let access: { token: string; expiresAt: number } | null = null;
  async function accessToken(): Promise<string> {
    if (access && access.expiresAt - 60_000 > Date.now()) return access.token;
    const res = await bff.request('/oauth/token', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${credentials!.clientId}:${credentials!.clientSecret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials&scope=widgets%3Amint',
    });
    if (!res.ok) throw new Error(`token endpoint answered ${res.status}`);
    const body = (await res.json()) as { access_token: string; expires_in: number };
    access = { token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
    return access.token;
  }

  const app = new Hono();
  app.get('/', (c) => c.html(hostPage({ demo: config.demo })));
  app.get('/themes', (c) => c.html(themesPage()));
  app.get('/my-account', (c) => c.html(myAccountPage({ demo: config.demo })));
  // The widget bundle is served by the BFF itself under /widgets/ (routes/widgets), as it is to any vendor's host page.
  app.post('/host/widget-token', async (c) => {
    if (!credentials) return c.json({ error: { code: 'not_found', message: 'The demo host backend runs only in demo mode.' } }, 404);
    const res = await bff.request('/v1/widget-tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await accessToken()}` },
      body: JSON.stringify({ actorUserId: credentials.adminUserId, ttlSeconds: 300 }),
    });
    return c.json(await res.json(), res.status as 201);
  });
  // Roster's own pages for people: the links in its emails point here (built from ROSTER_PUBLIC_URL or the tenant's link base).
  app.route('/', selfServicePages(bff, credentials?.tenantId ?? null));
  if (credentials) {
    app.get('/mailbox', async (c) => {
      const texts = await Promise.all((await listSmsOutbox(services.db, credentials.tenantId)).map((m) => readSmsMessage(services.db, config.signingKey, credentials.tenantId, m.id)));
      return c.html(mailboxListPage(await listOutbox(services.db, credentials.tenantId), texts.filter((m) => m !== undefined)));
    });
    app.get('/mailbox/:id{[0-9]+}', async (c) => {
      const message = await readOutboxMessage(services.db, config.signingKey, credentials.tenantId, Number(c.req.param('id')));
      return message ? c.html(mailboxMessagePage(message)) : c.notFound();
    });
  }
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.route('/', bff);
  // With SMTP configured the outbox is delivered; without it (the embedded default) the mailbox page shows it.
  const senders = startSenders(services.platformDb, config);
  return {
    app,
    services,
    databaseKind: handle.kind,
    async close() {
      await senders.stop();
      await handle.close();
    },
  };
}
