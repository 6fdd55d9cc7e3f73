import { LitElement, css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { SECRET_GRACE_HOURS_DEFAULT, SECRET_GRACE_HOURS_MAX, oauthScopes, type Issue, type OAuthClient, type OAuthClientWithSecret, type Organization, type TenantContext } from '@roster/contract';
import { ApiError, type ApiClient } from '../internal/api-client.js';
import { LanguageController, localeOf } from '../internal/language.js';
import { tokens } from '../internal/theme.styles.js';
import { SideSheet, sideSheet } from '../internal/side-sheet.js';
import { copyText } from '../internal/clipboard.js';
import { issuesByField } from '../internal/field-issues.js';
import { screenWords } from '../translations/screen-words.js';
import { contractMessage } from '../translations/contract-messages.js';
import { integrationsPanelEn, type IntegrationsPanelStrings } from '../translations/integrations-panel.js';
import { WebhooksSection } from './webhooks-section.js';
import { ApiKeysSection, type ApiKeysPanel } from './api-keys-section.js';

const WORDS = {
  de: () => import('../translations/integrations-panel.de.js').then((m) => m.integrationsPanelDe),
  ar: () => import('../translations/integrations-panel.ar.js').then((m) => m.integrationsPanelAr),
};
/** The grace periods offered when a secret is rotated (hours; the contract allows 0 to SECRET_GRACE_HOURS_MAX). */
const GRACE_CHOICES = [0, 1, SECRET_GRACE_HOURS_DEFAULT, 72, SECRET_GRACE_HOURS_MAX];
/** The New app form's fields, as the contract and the server's issues name them (`['body', field, …]`). */
type Field = 'name' | 'scopes' | 'organizationId';
const FIELDS: readonly Field[] = ['name', 'scopes', 'organizationId'];

/** The panel's sections, in the tabs' order. */
const TABS = ['oauth', 'keys', 'webhooks'] as const;
type Tab = (typeof TABS)[number];

/** What the panel's body shows: its section (OAuth apps, Webhooks), the New app form, a secret shown once, or a confirmation. */
type View =
  | { kind: 'list' }
  | { kind: 'create' }
  | { kind: 'secret'; title: string; warning: string; clientId?: string; secretLabel: string; secret: string; note?: string; done: string; acknowledged: boolean; warn: boolean }
  | { kind: 'rotate'; app: OAuthClient; graceHours: number }
  | { kind: 'revoke'; app: OAuthClient };

/**
 * @summary The tenant's integrations, as `<user-table>`'s toolbar opens them (a side sheet) for a person with
 * `integrations.manage`: the OAuth apps (issue 15; seed 002's API client app) with their client IDs, scopes, bound
 * organization and created / last-used times; New app (a name, scopes from the contract's list, one organization or all
 * of them), its secret shown once and acknowledged before it goes; Rotate secret with a grace period; Revoke. The API
 * keys (issue 17: the same scopes and organization, a lifetime, the key shown once; Revoke) and the webhooks in tabs
 * beside them. Loaded on first use.
 * @fires close - The person closed the panel (the close button or Escape); the host removes it.
 * @csspart sheet - The panel (a `<dialog>`); `sheet-header`, `sheet-title`, `notice`, `app-list`, `app`, `app-name`,
 *   `client-id`, `secret`, `form`, `form-field`, `form-error`, `button`, `button-primary`, `button-danger` inside it.
 */
export class RosterIntegrationsPanel extends LitElement implements ApiKeysPanel {
  static override styles = [
    tokens,
    sideSheet,
    css`
      .tabs { display: flex; gap: 0.25rem; border-block-end: 1px solid var(--_border); margin-block: 0.25rem 0.75rem; }
      [role='tab'] { border: 0; border-block-end: 3px solid transparent; border-radius: 0; background: none; padding: 0.5em 0.8em; color: var(--_muted); font-weight: 600; }
      [role='tab'][aria-selected='true'] { border-block-end-color: var(--_accent); color: var(--_text); }
      .events code, li > code { justify-self: start; }
      .events { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: 0 0.75rem; padding-inline-start: 1.6rem; }
      .footer.start { justify-content: start; }
      h3 { font-size: 1.05em; margin: 0.25rem 0 0; }
      .intro, .hint { color: var(--_muted); font-size: 0.9em; margin: 0 0 0.6rem; }
      .bar { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; justify-content: space-between; }
      li { padding: 0.7rem 0; border-block-end: 1px solid var(--_border); display: grid; gap: 0.3rem; }
      .name { font-weight: 600; overflow-wrap: anywhere; }
      dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 0.75rem; margin: 0; font-size: 0.92em; }
      dt { color: var(--_muted); }
      dd { margin: 0; display: flex; flex-wrap: wrap; gap: 0.3rem 0.5rem; align-items: center; min-width: 0; }
      .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-block-start: 0.2rem; }
      button.small { padding: 0.2em 0.6em; font-size: 0.92em; }
      .danger-outline { color: color-mix(in srgb, var(--_danger) 85%, var(--_text)); border-color: var(--_danger); }
      form, .panel { display: grid; gap: 0.9rem; padding-block: 0.5rem; }
      .field { display: grid; gap: 0.25rem; border: 0; margin: 0; padding: 0; min-width: 0; }
      .field > label, legend { font-weight: 600; padding: 0; }
      input[type='text'], select { font-size: 1.05em; min-height: 2.2em; box-sizing: border-box; width: 100%; }
      [aria-invalid='true'] { border-color: var(--_danger); }
      .check { display: grid; grid-template-columns: auto 1fr; gap: 0 0.5rem; align-items: start; padding: 0.25rem 0; }
      .check input { margin: 0.2em 0 0; }
      .check { font-weight: 600; }
      .check small { grid-column: 2; color: var(--_muted); font-weight: normal; }
      .panel p { margin: 0; }
      .field-error { color: color-mix(in srgb, var(--_danger) 80%, var(--_text)); font-size: 0.9em; margin: 0; }
      .field-error:empty { display: none; }
      .footer { display: flex; gap: 0.5rem; justify-content: end; flex-wrap: wrap; }
      .warning { padding: 0.6rem 0.75rem; border-radius: var(--_radius-sm); border-inline-start: 4px solid var(--_warning); background: color-mix(in srgb, var(--_warning) 12%, var(--_surface)); color: var(--_text); margin: 0; }
      .value { display: grid; gap: 0.25rem; }
      .value > span { font-weight: 600; }
      .value > div { display: flex; gap: 0.5rem; align-items: center; }
      .value code { flex: 1; padding: 0.4em 0.55em; }
      .inline-notice { margin: 0.4rem 0; }
    `,
  ];

  @property({ attribute: false }) api!: ApiClient;

  /** The caller's context (`GET /v1/tenant`): its permissions say whether an app may see every organization (`org.access.all`). */
  @state() private tenant: TenantContext | null = null;
  /** The organizations the caller sees: the choices of an app's organization, the names in the list. */
  @state() private organizations: Organization[] = [];
  @state() private apps: OAuthClient[] | null = null;
  @state() private loading = false;
  @state() private error = '';
  @state() private view: View = { kind: 'list' };
  @state() private tab: Tab = 'oauth';
  @state() private draft = { name: '', scopes: [] as string[], organizationId: '', scimSendInvitations: false };
  @state() private issues: Partial<Record<Field, Issue[]>> = {};
  /** A refusal that names no field (shown at the top of the form or confirmation). */
  @state() private banner = '';
  @state() private busy = false;
  @state() private notice: { text: string; bad?: boolean } | null = null;
  /** What was copied last ('client:<id>', 'secret'): its button says "Copied". */
  @state() private copied = '';

  private readonly language = new LanguageController(this);
  /** What gets the focus once the view has rendered (a CSS selector in the panel). */
  private focusNext: string | null = null;
  /** Opened modally with New app focused (once the list is here); the focus back to the toolbar's button when it goes. */
  private readonly sheet = new SideSheet(this, 'sheet,sheet-header,sheet-title,notice,app-list,app,app-name,client-id,secret,form,form-field,form-error,button,button-primary,button-danger', () => (this.focusNext ??= '[data-new]'));

  private readonly webhooks = new WebhooksSection(this);
  private readonly keys = new ApiKeysSection(this);

  private get t(): IntegrationsPanelStrings {
    return screenWords(this, 'integrationsPanel', integrationsPanelEn, WORDS);
  }
  get words(): IntegrationsPanelStrings {
    return this.t;
  }

  focusLater(selector: string): void {
    this.focusNext = selector;
  }

  say(text: string): void {
    this.notice = { text };
  }

  issueText(issues: readonly Issue[] | undefined): string {
    return (issues ?? []).map((i) => contractMessage(i, localeOf(this))).join(' ');
  }

  showSecret(s: { title: string; warning: string; secretLabel: string; secret: string; clientId?: string; note?: string; done: string }): void {
    this.go({ kind: 'secret', ...s, acknowledged: false, warn: false }, '[data-copy-secret]');
  }

  get organizationChoices(): readonly Organization[] {
    return this.organizations;
  }

  get mayChooseAll(): boolean {
    return this.tenant?.permissions.includes('org.access.all') ?? false;
  }

  protected override firstUpdated(): void {
    void this.load();
  }

  protected override updated(): void {
    // A target not there yet or disabled (New app while the list loads) gets the focus when it is.
    const target = this.focusNext ? this.renderRoot.querySelector<HTMLButtonElement>(this.focusNext) : null;
    if (target && !target.disabled) {
      this.focusNext = null;
      target.focus();
    }
  }

  messageOf(e: unknown): string {
    return e instanceof ApiError && e.status !== 0 ? e.message : this.t.unreachable;
  }

  private async load(): Promise<void> {
    this.loading = true;
    this.error = '';
    try {
      // Without organizations.read the organizations are not listed: an app's organization shows as its ID.
      const organizations = this.api.listOrganizations().catch((e: unknown) => (e instanceof ApiError && e.status === 403 ? { items: [] } : Promise.reject(e)));
      const [apps, tenant, orgs] = await Promise.all([this.api.call('GET /v1/oauth-clients', {}), this.api.tenant(), organizations]);
      this.tenant = tenant;
      this.organizations = orgs.items;
      this.apps = apps.items;
    } catch (e) {
      this.error = this.messageOf(e);
    } finally {
      this.loading = false;
    }
  }

  /** Shows a view, focusing `focus` (a selector) once it is on screen; leaving a view clears its errors. */
  private go(view: View, focus: string) {
    this.view = view;
    this.focusNext = focus;
    this.banner = '';
    this.issues = {};
  }

  private openCreate() {
    const all = this.mayChooseAll;
    this.draft = { name: '', scopes: [], organizationId: all ? '' : (this.organizations[0]?.id ?? ''), scimSendInvitations: false };
    this.notice = null;
    this.go({ kind: 'create' }, '#app-name');
  }

  /** Back to the list, the focus on the button the view came from (or New app when that row is gone). */
  private toList(from?: string) {
    const selector = from && this.apps?.some((a) => a.id === from) ? `[data-app="${from}"] [data-rotate]` : '[data-new]';
    this.go({ kind: 'list' }, selector);
  }

  /** Shows the server's issues by the field they name (`['body', 'name', …]`). */
  private showIssues(issues: readonly Issue[]): boolean {
    const byField = (this.issues = issuesByField(issues, FIELDS, true));
    if (Object.keys(byField).length === 0) return false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
    return true;
  }

  private async create(e: Event) {
    e.preventDefault();
    if (this.busy) return;
    const d = this.draft;
    // Checked by the server with the contract's CreateOAuthClientRequestSchema: its issues come back by field (the
    // contract's rules are not loaded into the page for one form — zod would be a sixth of the panel's weight).
    const scopes = oauthScopes.filter((s) => d.scopes.includes(s));
    // Whether provisioned people get an invitation email applies to SCIM apps only (the contract refuses it otherwise).
    const body = { name: d.name, scopes, organizationId: d.organizationId || null, ...(scopes.includes('scim') ? { scimSendInvitations: d.scimSendInvitations } : {}) };
    this.issues = {};
    this.banner = '';
    this.busy = true;
    try {
      const app = await this.api.call('POST /v1/oauth-clients', { body });
      this.apps = [...(this.apps ?? []), stripSecret(app)];
      this.showAppSecret(app, this.t.readyTitle(app.name));
    } catch (error) {
      if (!(error instanceof ApiError && error.status !== 0 && this.showIssues(error.issues))) this.banner = this.messageOf(error);
    } finally {
      this.busy = false;
    }
  }

  /** Rotates the secret of the app being confirmed, with the grace period chosen (read now: a choice just made counts). */
  private rotate = async () => {
    const v = this.view;
    if (this.busy || v.kind !== 'rotate') return;
    const { app, graceHours } = v;
    this.busy = true;
    try {
      const rotated = await this.api.call('POST /v1/oauth-clients/:id/rotate-secret', { params: { id: app.id }, body: { graceHours } });
      this.apps = (this.apps ?? []).map((a) => (a.id === app.id ? stripSecret(rotated) : a));
      const t = this.t;
      const until = rotated.previousSecretExpiresAt;
      this.showAppSecret(rotated, t.rotatedTitle(app.name), until && Date.parse(until) > Date.now() ? t.oldSecretUntil(this.date(until)) : t.oldSecretStopped);
    } catch (error) {
      this.banner = this.messageOf(error);
    } finally {
      this.busy = false;
    }
  };

  /** An app's client ID and secret, shown once; then the focus goes to the app's row. */
  private showAppSecret(app: OAuthClientWithSecret, title: string, note?: string) {
    const t = this.t;
    this.showSecret({ title, warning: t.secretOnce, clientId: app.clientId, secretLabel: t.secret, secret: app.clientSecret, ...(note ? { note } : {}), done: `[data-app="${app.id}"] [data-rotate]` });
  }

  private async revoke(app: OAuthClient) {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.api.call('DELETE /v1/oauth-clients/:id', { params: { id: app.id } });
      this.apps = (this.apps ?? []).filter((a) => a.id !== app.id);
      this.notice = { text: this.t.revoked(app.name) };
      this.toList();
    } catch (error) {
      this.banner = this.messageOf(error);
    } finally {
      this.busy = false;
    }
  }

  private async copy(value: string, what: string) {
    const t = this.t;
    const ok = await copyText(value);
    this.copied = ok ? what : '';
    this.notice = ok ? { text: what === 'secret' ? t.copiedSecret : t.copiedClientId } : { text: t.copyFailed, bad: true };
  }

  /**
   * Escape leaves a form or confirmation for the list, and closes the panel from the list; the close button closes it
   * from anywhere — except a secret not yet acknowledged, which stays (it is never shown again) and says why.
   */
  private back = () => this.leave(true);
  private close = () => this.leave(false);
  private leave(back: boolean) {
    const v = this.view;
    if (v.kind === 'secret' && !v.acknowledged) {
      // Shown again if the browser closed it (updated() opens it).
      this.view = { ...v, warn: true };
      this.focusNext = '#acknowledge';
    } else if (back && v.kind !== 'list') this.toList('app' in v ? v.app.id : undefined);
    else if (back && this.tab === 'webhooks' && this.webhooks.view.kind !== 'list') this.webhooks.toList();
    else if (back && this.tab === 'keys' && this.keys.view.kind !== 'list') this.keys.toList();
    else this.dispatchEvent(new Event('close'));
  }

  private selectTab(tab: Tab) {
    this.tab = tab;
    this.notice = null;
    if (tab === 'webhooks') this.webhooks.open();
    if (tab === 'keys') this.keys.open();
    this.focusNext = `#tab-${tab}`;
  }

  /** The tabs' keys (the ARIA tabs pattern): arrows choose the previous or next tab (wrapping), Home and End the first and last, focused. */
  private tabKeydown = (e: KeyboardEvent) => {
    const i = TABS.indexOf(this.tab);
    const rtl = getComputedStyle(this).direction === 'rtl';
    const step = e.key === 'ArrowRight' ? (rtl ? -1 : 1) : e.key === 'ArrowLeft' ? (rtl ? 1 : -1) : 0;
    const next = e.key === 'Home' ? TABS[0] : e.key === 'End' ? TABS[TABS.length - 1] : step ? TABS[(i + step + TABS.length) % TABS.length] : undefined;
    if (!next) return;
    e.preventDefault();
    this.selectTab(next);
  };

  date(iso: string): string {
    return new Intl.DateTimeFormat(localeOf(this), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  }

  private scopeLabel(scope: string): string {
    return this.t.scopeWords[scope]?.label ?? scope;
  }

  organizationName(id: string | null): string {
    return id === null ? this.t.allOrganizations : (this.organizations.find((o) => o.id === id)?.name ?? id);
  }

  private fieldIssues(field: Field): string {
    return this.issueText(this.issues[field]);
  }

  private bannerView() {
    return this.banner ? html`<p class="error" role="alert">${this.banner}</p>` : nothing;
  }

  private copyButton(value: string, what: string, label: string) {
    return html`<button type="button" part="button" class="small" aria-label=${`${this.t.copy}: ${label}`} ?data-copy-secret=${what === 'secret'} @click=${() => this.copy(value, what)}>${this.t.copy}</button>${
      this.copied === what ? html`<span class="done" aria-hidden="true">✓ ${this.t.copied}</span>` : nothing}`;
  }

  private list() {
    const t = this.t;
    let content;
    if (this.error !== '') {
      content = html`<div class="state"><p class="error" role="alert">${t.loadFailed} ${this.error}</p>
        <button type="button" part="button" @click=${() => this.load()}>${t.retry}</button></div>`;
    } else if (this.apps === null) {
      content = html`<div class="state" role="status"><span class="sr-only">${t.loading}</span><div class="skeleton"></div><div class="skeleton"></div></div>`;
    } else if (this.apps.length === 0) {
      content = html`<div class="state" part="empty" role="status"><p><strong>${t.empty}</strong></p></div>`;
    } else {
      content = html`<ul part="app-list" aria-labelledby="tab-oauth">
        ${this.apps.map(
          (a) => html`<li part="app" data-app=${a.id} aria-labelledby=${`app-${a.id}`}>
            <span part="app-name" class="name" id=${`app-${a.id}`} dir="auto">${a.name}</span>
            <dl>
              <dt>${t.clientId}</dt><dd><code part="client-id" dir="ltr">${a.clientId}</code>${this.copyButton(a.clientId, `client:${a.id}`, `${t.clientId}, ${a.name}`)}</dd>
              <dt>${t.scopes}</dt><dd>${a.scopes.map((s) => this.scopeLabel(s)).join(', ')}</dd>
              <dt>${t.organization}</dt><dd dir="auto">${this.organizationName(a.organizationId)}</dd>
              ${a.scopes.includes('scim') ? html`<dt>${t.scimInvitations}</dt><dd>${a.scimSendInvitations ? t.scimInvitationsSent : t.scimInvitationsNotSent}</dd>` : nothing}
              <dt>${t.created}</dt><dd>${this.date(a.createdAt)}</dd>
              <dt>${t.lastUsed}</dt><dd>${a.lastUsedAt ? this.date(a.lastUsedAt) : t.never}</dd>
            </dl>
            <div class="actions">
              <button type="button" part="button" class="small" data-rotate aria-label=${`${t.rotate}: ${a.name}`} @click=${() => this.go({ kind: 'rotate', app: a, graceHours: SECRET_GRACE_HOURS_DEFAULT }, '#grace')}>${t.rotate}</button>
              <button type="button" part="button" class="small danger-outline" data-revoke aria-label=${`${t.revoke}: ${a.name}`} @click=${() => this.go({ kind: 'revoke', app: a }, '[data-cancel]')}>${t.revoke}</button>
            </div>
          </li>`,
        )}
      </ul>`;
    }
    return html`<p class="intro">${t.oauthIntro}</p>
      <div class="bar"><span></span><button type="button" part="button button-primary" class="primary" data-new ?disabled=${this.apps === null} @click=${() => this.openCreate()}>${t.newApp}</button></div>
      <div aria-busy=${this.loading ? 'true' : 'false'}>${content}</div>`;
  }

  private field(field: Field) {
    const text = this.fieldIssues(field);
    return { invalid: text ? 'true' : 'false', error: html`<p class="field-error" part="form-error" id=${`${field}-error`}>${text}</p>` };
  }

  private form() {
    const t = this.t;
    const d = this.draft;
    const name = this.field('name');
    const scopes = this.field('scopes');
    const org = this.field('organizationId');
    return html`<form part="form" novalidate @submit=${this.create}>
      <h3>${t.newAppTitle}</h3>
      ${this.bannerView()}
      <div class="field" part="form-field">
        <label for="app-name">${t.name}</label>
        <input id="app-name" type="text" autocomplete="off" maxlength="200" .value=${d.name} aria-invalid=${name.invalid} aria-describedby="name-error"
          @input=${(e: Event) => (this.draft = { ...d, name: (e.target as HTMLInputElement).value })} />
        ${name.error}
      </div>
      <fieldset class="field" part="form-field" aria-describedby="scopes-hint scopes-error" data-invalid=${scopes.invalid}>
        <legend>${t.scopes}</legend>
        <p class="hint" id="scopes-hint">${t.scopesHint}</p>
        ${oauthScopes.map((s, i) => {
          const words = t.scopeWords[s];
          return html`<label class="check"><input type="checkbox" .checked=${d.scopes.includes(s)} aria-invalid=${i === 0 ? scopes.invalid : 'false'} value=${s}
              @change=${(e: Event) => (this.draft = { ...this.draft, scopes: (e.target as HTMLInputElement).checked ? [...this.draft.scopes, s] : this.draft.scopes.filter((x) => x !== s) })} />
            <span>${words?.label ?? s} <code dir="ltr">${s}</code></span>${words ? html`<small>${words.description}</small>` : nothing}</label>`;
        })}
        ${scopes.error}
      </fieldset>
      ${d.scopes.includes('scim')
        ? html`<div class="field" part="form-field">
            <label class="check"><input id="scim-invitations" type="checkbox" .checked=${d.scimSendInvitations} aria-describedby="scim-invitations-hint"
                @change=${(e: Event) => (this.draft = { ...this.draft, scimSendInvitations: (e.target as HTMLInputElement).checked })} />
              <span>${t.scimSendInvitations}</span></label>
            <p class="hint" id="scim-invitations-hint">${t.scimSendInvitationsHint}</p>
          </div>`
        : nothing}
      <div class="field" part="form-field">
        <label for="app-org">${t.organization}</label>
        <p class="hint" id="org-hint">${t.organizationHint}</p>
        <select id="app-org" aria-invalid=${org.invalid} aria-describedby="org-hint organizationId-error" @change=${(e: Event) => (this.draft = { ...this.draft, organizationId: (e.target as HTMLSelectElement).value })}>
          ${this.mayChooseAll ? html`<option value="" ?selected=${d.organizationId === ''}>${t.allOrganizations}</option>` : nothing}
          ${this.organizations.map((o) => html`<option value=${o.id} ?selected=${d.organizationId === o.id}>${o.name}</option>`)}
        </select>
        ${org.error}
      </div>
      <div class="footer">
        <button type="button" part="button" @click=${() => this.toList()}>${t.cancel}</button>
        <button type="submit" part="button button-primary" class="primary" ?disabled=${this.busy}>${t.create}</button>
      </div>
    </form>`;
  }

  private secret(v: Extract<View, { kind: 'secret' }>) {
    const t = this.t;
    return html`<div class="panel" part="secret">
      <h3>${v.title}</h3>
      <p class="warning" role="note">${v.warning}</p>
      ${v.clientId
        ? html`<div class="value"><span id="client-id-label">${t.clientId}</span>
            <div><code part="client-id" dir="ltr" aria-labelledby="client-id-label">${v.clientId}</code>${this.copyButton(v.clientId, 'client', t.clientId)}</div></div>`
        : nothing}
      <div class="value"><span id="secret-label">${v.secretLabel}</span>
        <div><code data-secret dir="ltr" aria-labelledby="secret-label">${v.secret}</code>${this.copyButton(v.secret, 'secret', v.secretLabel)}</div></div>
      ${v.note ? html`<p class="hint">${v.note}</p>` : nothing}
      <label class="check"><input id="acknowledge" type="checkbox" .checked=${v.acknowledged} aria-describedby="acknowledge-error"
          @change=${(e: Event) => (this.view = { ...v, acknowledged: (e.target as HTMLInputElement).checked, warn: false })} /><span>${t.acknowledge}</span></label>
      <p class="field-error" id="acknowledge-error" role="alert">${v.warn && !v.acknowledged ? t.mustAcknowledge : ''}</p>
      <div class="footer"><button type="button" part="button button-primary" class="primary" data-done ?disabled=${!v.acknowledged} @click=${() => {
        this.copied = '';
        this.notice = null;
        this.go({ kind: 'list' }, v.done);
      }}>${t.done}</button></div>
    </div>`;
  }

  private rotateView(v: Extract<View, { kind: 'rotate' }>) {
    const t = this.t;
    return html`<div class="panel" role="group" aria-labelledby="confirm-title">
      <h3 id="confirm-title">${t.rotateTitle(v.app.name)}</h3>
      <p>${t.rotateBody}</p>
      ${this.bannerView()}
      <div class="field"><label for="grace">${t.grace}</label>
        <select id="grace" @change=${(e: Event) => (this.view = { ...v, graceHours: Number((e.target as HTMLSelectElement).value) })}>
          ${GRACE_CHOICES.map((h) => html`<option value=${h} ?selected=${h === v.graceHours}>${t.graceHours(h)}</option>`)}
        </select></div>
      <div class="footer"><button type="button" part="button" data-cancel @click=${() => this.toList(v.app.id)}>${t.cancel}</button>
        <button type="button" part="button button-primary" class="primary" data-confirm ?disabled=${this.busy} @click=${this.rotate}>${t.rotate}</button></div>
    </div>`;
  }

  private revokeView(v: Extract<View, { kind: 'revoke' }>) {
    const t = this.t;
    return html`<div class="panel" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-body">
      <h3 id="confirm-title">${t.revokeTitle(v.app.name)}</h3>
      <p id="confirm-body">${t.revokeBody(v.app.name)}</p>
      ${this.bannerView()}
      <div class="footer"><button type="button" part="button" data-cancel @click=${() => this.toList(v.app.id)}>${t.cancel}</button>
        <button type="button" part="button button-danger" class="danger" data-confirm ?disabled=${this.busy} @click=${() => this.revoke((this.view as typeof v).app)}>${t.revoke}</button></div>
    </div>`;
  }

  override render() {
    const t = this.t;
    const v = this.view;
    const section = v.kind === 'list' ? (this.tab === 'oauth' ? this.list() : this.tab === 'keys' ? this.keys.render() : this.webhooks.render()) : null;
    const body = v.kind === 'create' ? this.form() : v.kind === 'secret' ? this.secret(v) : v.kind === 'rotate' ? this.rotateView(v) : v.kind === 'revoke' ? this.revokeView(v) : section;
    // The tabs while a section's list shows (a form, a confirmation, a secret have their own way back).
    const tabs = v.kind === 'list' && (this.tab === 'oauth' || (this.tab === 'keys' ? this.keys.view.kind === 'list' : this.webhooks.view.kind === 'list'));
    const tab = (id: Tab, label: string) =>
      html`<button type="button" role="tab" id=${`tab-${id}`} aria-selected=${this.tab === id ? 'true' : 'false'} aria-controls="section" tabindex=${this.tab === id ? '0' : '-1'} @click=${() => this.selectTab(id)}>${label}</button>`;
    // The browser may close the dialog itself (Escape pressed again without a click or key between): handled as a close.
    return html`<dialog part="sheet" aria-labelledby="integrations-title" @cancel=${(e: Event) => (e.preventDefault(), this.back())} @close=${this.close}>
      <header part="sheet-header">
        <div class="heading"><h2 id="integrations-title" part="sheet-title">${t.title}</h2>
          <button type="button" part="button" class="close" aria-label=${t.close} @click=${this.close}>×</button></div>
        <div part="notice" class=${this.notice?.bad ? 'notice bad' : 'notice'} role="status" aria-live="polite">${this.notice?.text ?? ''}</div>
      </header>
      <div class="body">
        ${tabs ? html`<div class="tabs" role="tablist" aria-label=${t.sections} @keydown=${this.tabKeydown}>${tab('oauth', t.oauthApps)}${tab('keys', t.apiKeys.title)}${tab('webhooks', t.webhooks.title)}</div>` : nothing}
        <section id="section" role=${tabs ? 'tabpanel' : nothing} aria-labelledby=${`tab-${this.tab}`}>${body}</section>
      </div>
    </dialog>`;
  }
}

/** The app as the list shows it: the secret is never kept once its view is gone. */
function stripSecret({ clientSecret: _, ...app }: OAuthClientWithSecret): OAuthClient {
  return app;
}

declare global {
  interface HTMLElementTagNameMap {
    'roster-integrations-panel': RosterIntegrationsPanel;
  }
}
