import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { SessionInfo, TenantContext, User } from '@roster/contract';
import { ApiError, type ApiClient } from '../internal/api-client.js';
import { LanguageController, localeOf } from '../internal/language.js';
import { tokens } from '../internal/theme.styles.js';
import { can } from '../user-table/actions.js';
import { browserOf } from '../sessions/browser-of.js';
import { screenWords } from '../translations/screen-words.js';
import { signInStateEn, type SignInStateStrings } from '../translations/sign-in-state.js';
import { styles as sheetStyles } from '../user-sheet/user-sheet.styles.js';
import { styles } from './sign-in-state.styles.js';

const WORDS = {
  de: () => import('../translations/sign-in-state.de.js').then((m) => m.signInStateDe),
  ar: () => import('../translations/sign-in-state.ar.js').then((m) => m.signInStateAr),
};

/**
 * @summary Whether and where a person is signed in, and whether they may sign in: the user's page shows it on its
 * Status tab, loaded with the tab (a chunk of its own). Their live sessions, each with its own sign-out, and "sign out
 * everywhere" (users.reset_credentials); their suspension in force — since when, until when, why — with Lift, or
 * Suspend with a reason and an optional end (users.deactivate). The server's field issues are shown at their field.
 * @csspart sessions - The sessions section; `suspension` the suspension's, `suspend-form` its form.
 */
export class RosterSignInState extends LitElement {
  static override styles = [tokens, sheetStyles, styles];

  @property({ attribute: false }) api!: ApiClient;
  @property({ attribute: false }) tenant!: TenantContext;
  @property({ attribute: false }) user!: User;
  /** Told of the user as the server has them after a suspension or its lifting (the page shows it, the table's row too). */
  @property({ attribute: false }) changed?: (user: User) => void;

  /** Null until loaded, or when the caller may not see them. */
  @state() private sessions: SessionInfo[] | null = null;
  @state() private busy = false;
  @state() private notice: { text: string; bad?: boolean } | null = null;
  @state() private confirming = false;
  @state() private suspending = false;
  @state() private reason = '';
  @state() private until = '';
  @state() private issues: Record<string, string> = {};

  private readonly language = new LanguageController(this);
  private loadedFor = '';

  private get t(): SignInStateStrings {
    return screenWords(this, 'signInState', signInStateEn, WORDS);
  }

  protected override willUpdate(): void {
    if (this.user && this.loadedFor !== this.user.id) {
      this.loadedFor = this.user.id;
      void this.loadSessions();
    }
  }

  private messageOf(e: unknown): string {
    return e instanceof ApiError && e.status !== 0 ? e.message : this.t.unreachable;
  }

  private when(iso: string): string {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(localeOf(this), { dateStyle: 'medium', timeStyle: 'short' });
  }

  private async loadSessions() {
    const id = this.user.id;
    try {
      const list = await this.api.call('GET /v1/users/:id/sessions', { params: { id } });
      if (id === this.user.id) this.sessions = list.items;
    } catch {
      // Sessions are a detail of the Status tab: without them (no permission, an older server) the rest still shows.
      this.sessions = null;
    }
  }

  /** Runs a change, says how it went in the live region, and reads the sessions again (a suspension ends them). */
  private async act(work: () => Promise<void>, done: string) {
    this.busy = true;
    this.notice = null;
    try {
      await work();
      this.notice = { text: done };
      await this.loadSessions();
    } catch (e) {
      this.notice = { text: this.t.failed(this.messageOf(e)), bad: true };
      if (e instanceof ApiError) this.issues = Object.fromEntries(e.issues.map((i) => [i.path.slice(1).join('.'), i.message]));
    } finally {
      this.busy = false;
    }
  }

  private signOut(session: SessionInfo | 'all') {
    const id = this.user.id;
    return this.act(async () => {
      if (session === 'all') await this.api.call('DELETE /v1/users/:id/sessions', { params: { id } });
      else await this.api.call('DELETE /v1/users/:id/sessions/:sessionId', { params: { id, sessionId: session.id } });
      this.confirming = false;
    }, this.t.signedOut);
  }

  private openForm() {
    this.suspending = true;
    this.issues = {};
    void this.updateComplete.then(() => this.renderRoot.querySelector('textarea')?.focus());
  }

  private suspend(e: Event) {
    e.preventDefault();
    this.issues = {};
    // The end as the person's clock reads it (a date-time input has no zone), sent as an instant.
    const until = this.until ? new Date(this.until).toISOString() : undefined;
    return this.act(async () => {
      const user = await this.api.call('POST /v1/users/:id/suspend', { params: { id: this.user.id }, body: { reason: this.reason, ...(until ? { until } : {}) } });
      this.suspending = false;
      this.reason = this.until = '';
      this.changed?.(user);
    }, this.t.suspended);
  }

  private unsuspend() {
    return this.act(async () => this.changed?.(await this.api.call('POST /v1/users/:id/unsuspend', { params: { id: this.user.id } })), this.t.unsuspended);
  }

  private sessionsSection() {
    const t = this.t;
    if (!this.sessions) return nothing;
    const mayEnd = can(this.tenant, 'users.reset_credentials');
    const name = `${this.user.firstName} ${this.user.lastName}`;
    return html`<section part="sessions" aria-labelledby="sessions-h"><h3 id="sessions-h">${t.sessions}</h3>
      ${this.sessions.length === 0 ? html`<p class="hint">${t.noSessions}</p>` : nothing}
      <ul class="sessions">${this.sessions.map((s) => html`<li><span>${t.session(browserOf(s.userAgent) ?? t.unknownBrowser, s.address, this.when(s.createdAt), s.lastUsedAt ? this.when(s.lastUsedAt) : null)}</span>
        ${mayEnd ? html`<button type="button" part="button" ?disabled=${this.busy} @click=${() => this.signOut(s)}>${t.signOut}</button>` : nothing}</li>`)}</ul>
      ${this.confirming
        ? html`<div part="confirm" class="confirm" role="group" aria-labelledby="sign-out-q"><p id="sign-out-q">${t.confirmSignOut(name)}</p>
            <div class="row"><button type="button" part="button" @click=${() => (this.confirming = false)}>${t.cancel}</button>
              <button type="button" part="button button-danger" class="danger" ?disabled=${this.busy} @click=${() => this.signOut('all')}>${t.signOutEverywhere}</button></div></div>`
        : mayEnd && this.user.status !== 'deactivated'
          ? html`<div class="row"><button type="button" part="button button-danger" class="danger-outline" ?disabled=${this.busy}
              @click=${() => ((this.confirming = true), void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part~=confirm] button')?.focus()))}>${t.signOutEverywhere}</button></div>`
          : nothing}
    </section>`;
  }

  private suspensionSection() {
    const t = this.t;
    const u = this.user;
    const s = u.suspension;
    // As the server's policy: suspending needs users.deactivate (and users.write, or end_users.write for an end user);
    // never the Root Admin. Anything else the server refuses is said in the live region.
    const may = can(this.tenant, 'users.deactivate') && (can(this.tenant, 'users.write') || (u.kind === 'end_user' && can(this.tenant, 'end_users.write'))) && !u.isRootAdmin;
    if (!s && (!may || u.status === 'deactivated')) return nothing;
    const field = (key: 'reason' | 'until') => (this.issues[key] ? html`<p class="field-error" id=${`${key}-error`}>${this.issues[key]}</p>` : nothing);
    return html`<section part="suspension" aria-labelledby="suspension-h"><h3 id="suspension-h">${t.suspension}</h3>
      ${s
        ? html`<div class="suspended"><p><strong>${t.suspendedSince(this.when(s.since), s.until ? this.when(s.until) : null)}</strong></p><p dir="auto">${t.reasonWas(s.reason)}</p></div>
            ${may ? html`<div class="row"><button type="button" part="button" ?disabled=${this.busy} @click=${() => this.unsuspend()}>${t.unsuspend}</button></div>` : nothing}`
        : this.suspending
          ? html`<form part="suspend-form" class="confirm" novalidate @submit=${(e: Event) => this.suspend(e)}>
              <p>${t.suspendHint}</p>
              <label>${t.reason}<textarea part="input" maxlength="500" required aria-invalid=${this.issues.reason ? 'true' : 'false'} aria-describedby=${this.issues.reason ? 'reason-error' : nothing}
                .value=${this.reason} @input=${(e: Event) => (this.reason = (e.target as HTMLTextAreaElement).value)}></textarea></label>${field('reason')}
              <label>${t.until}<input part="input" type="datetime-local" aria-invalid=${this.issues.until ? 'true' : 'false'} aria-describedby=${this.issues.until ? 'until-error until-hint' : 'until-hint'}
                .value=${this.until} @input=${(e: Event) => (this.until = (e.target as HTMLInputElement).value)} /></label><small class="hint" id="until-hint">${t.untilHint}</small>${field('until')}
              <div class="row"><button type="button" part="button" @click=${() => (this.suspending = false)}>${t.cancel}</button>
                <button type="submit" part="button button-danger" class="danger" ?disabled=${this.busy}>${t.confirmSuspend}</button></div>
            </form>`
          : html`<p class="hint">${t.notSuspended}</p><div class="row"><button type="button" part="button button-danger" class="danger-outline" ?disabled=${this.busy} @click=${() => this.openForm()}>${t.suspend}</button></div>`}
    </section>`;
  }

  override render() {
    if (!this.user) return nothing;
    return html`<div part="notice" class=${this.notice?.bad ? 'notice bad' : 'notice'} role="status" aria-live="polite">${this.notice?.text ?? ''}</div>
      ${this.suspensionSection()}${this.sessionsSection()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'roster-sign-in-state': RosterSignInState;
  }
}
