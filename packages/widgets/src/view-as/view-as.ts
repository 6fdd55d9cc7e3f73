import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { IMPERSONATION_MINUTES_DEFAULT, IMPERSONATION_MINUTES_MAX, type Impersonation, type User } from '@roster/contract';
import { ApiError, type ApiClient } from '../internal/api-client.js';
import { LanguageController, localeOf } from '../internal/language.js';
import { tokens } from '../internal/theme.styles.js';
import { screenWords } from '../translations/screen-words.js';
import { viewAsEn, type ViewAsStrings } from '../translations/view-as.js';
import { ImpersonationStartedEvent } from '../events/impersonation-started.js';
import { styles } from './view-as.styles.js';

const WORDS = {
  de: () => import('../translations/view-as.de.js').then((m) => m.viewAsDe),
  ar: () => import('../translations/view-as.ar.js').then((m) => m.viewAsAr),
};

/**
 * @summary "View as" on a user's page (issue 17): a modal that says what starting it does (a session of the user for
 * 1–60 minutes, audited with both names, the user possibly told by email, credential changes refused), starts it
 * (`POST /v1/users/:id/impersonate`) and offers the single-use link — open in a new tab, or copy. Loaded on first use
 * (a chunk of its own). The server's refusals are said as sentences.
 * @fires roster-impersonation-started - The session was started: `event.url` (its link), `event.userId`, `event.expiresAt`.
 * @fires view-as-close - The dialog was closed (the user's page then removes it).
 * @csspart dialog - The `<dialog>`; `button`, `button-primary`, `input`, `error`, `link` inside it.
 */
export class RosterViewAs extends LitElement {
  static override styles = [tokens, styles];

  @property({ attribute: false }) api!: ApiClient;
  @property({ attribute: false }) user!: User;

  @state() private minutes = String(IMPERSONATION_MINUTES_DEFAULT);
  @state() private busy = false;
  @state() private error = '';
  @state() private invalid = false;
  @state() private started: Impersonation | null = null;
  @state() private copyState: '' | 'copied' | 'failed' = '';

  private readonly language = new LanguageController(this);

  private get t(): ViewAsStrings {
    return screenWords(this, 'viewAs', viewAsEn, WORDS);
  }

  protected override firstUpdated(): void {
    const dialog = this.renderRoot.querySelector('dialog')!;
    if (!dialog.open) dialog.showModal();
    this.renderRoot.querySelector<HTMLInputElement>('input')?.focus();
  }

  /** Closes the dialog; the page that opened it takes it away. */
  close() {
    this.renderRoot.querySelector('dialog')?.close();
    this.dispatchEvent(new Event('view-as-close', { bubbles: true }));
  }

  private sentence(e: unknown): string {
    const t = this.t;
    if (!(e instanceof ApiError) || e.status === 0) return t.unreachable;
    if (e.status === 403) return t.refused;
    if (e.status === 404) return t.notFound;
    if (e.status === 409) return t.notActive;
    return e.message;
  }

  private async start(e: Event) {
    e.preventDefault();
    const n = Number(this.minutes);
    this.invalid = !Number.isInteger(n) || n < 1 || n > IMPERSONATION_MINUTES_MAX;
    this.error = '';
    if (this.invalid) return;
    this.busy = true;
    try {
      this.started = await this.api.call('POST /v1/users/:id/impersonate', { params: { id: this.user.id }, body: { minutes: n } });
      this.dispatchEvent(new ImpersonationStartedEvent(this.user.id, this.started));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part~=link]')?.focus();
    } catch (err) {
      this.error = this.sentence(err);
      if (err instanceof ApiError && err.issues.some((i) => i.path.join('.') === 'body.minutes')) this.invalid = true;
    } finally {
      this.busy = false;
    }
  }

  private async copy(url: string) {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(url);
      this.copyState = 'copied';
    } catch {
      this.copyState = 'failed';
    }
  }

  private until(iso: string): string {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString(localeOf(this), { hour: '2-digit', minute: '2-digit' });
  }

  override render() {
    if (!this.user) return nothing;
    const t = this.t;
    const name = `${this.user.firstName} ${this.user.lastName}`;
    const s = this.started;
    return html`<dialog part="dialog" aria-labelledby="view-as-title" @cancel=${(e: Event) => (e.preventDefault(), this.close())}>
      <h2 id="view-as-title" dir="auto">${t.title(name)}</h2>
      ${s
        ? html`<p class="ready" role="status">${t.ready(this.until(s.expiresAt))}</p>
            <div class="row">
              <button type="button" part="button" @click=${() => this.copy(s.url)}>${t.copy}</button>
              <a part="button button-primary link" class="primary" href=${s.url} target="_blank" rel="noopener noreferrer">${t.open}</a>
              <button type="button" part="button" @click=${() => this.close()}>${t.close}</button>
            </div>
            <p class="hint" role="status">${this.copyState === 'copied' ? t.copied : this.copyState === 'failed' ? t.copyFailed : ''}</p>`
        : html`<form novalidate @submit=${(e: Event) => this.start(e)}>
            <ul>${t.what(name).map((line) => html`<li>${line}</li>`)}</ul>
            <label>${t.minutes}<input part="input" type="number" inputmode="numeric" min="1" max=${IMPERSONATION_MINUTES_MAX} step="1" required
              aria-invalid=${this.invalid ? 'true' : 'false'} aria-describedby="minutes-hint" .value=${this.minutes} @input=${(e: Event) => (this.minutes = (e.target as HTMLInputElement).value)} /></label>
            <p class=${this.invalid ? 'hint error' : 'hint'} id="minutes-hint">${this.invalid ? t.minutesInvalid : t.minutesHint}</p>
            ${this.error ? html`<p part="error" class="error" role="alert">${this.error}</p>` : nothing}
            <div class="row">
              <button type="button" part="button" @click=${() => this.close()}>${t.cancel}</button>
              <button type="submit" part="button button-primary" class="primary" ?disabled=${this.busy}>${this.busy ? t.starting : t.start}</button>
            </div>
          </form>`}
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'roster-view-as': RosterViewAs;
  }
}
