import { LitElement, css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { OrganizationListItem } from '@roster/contract';
import { ApiError, type ApiClient } from '../internal/api-client.js';
import { LanguageController } from '../internal/language.js';
import { tokens } from '../internal/theme.styles.js';
import { SideSheet, sideSheet } from '../internal/side-sheet.js';
import { copyText } from '../internal/clipboard.js';
import { screenWords } from '../translations/screen-words.js';
import { organizationsPanelEn, type OrganizationsPanelStrings } from '../translations/organizations-panel.js';

const WORDS = {
  de: () => import('../translations/organizations-panel.de.js').then((m) => m.organizationsPanelDe),
  ar: () => import('../translations/organizations-panel.ar.js').then((m) => m.organizationsPanelAr),
};
const SEARCH_DEBOUNCE_MS = 250;

/**
 * @summary The organizations in the caller's scope, as `<user-table>`'s toolbar opens them (a side sheet): a search
 * field (server-side, no case, no accents) and each organization with its ID and a Copy Org ID button — Torii's setup
 * (seed 002) finds the organization and copies its ID into the integration's settings. Loaded on first use.
 * @fires close - The person closed the panel (the close button or Escape); the host removes it.
 * @csspart sheet - The panel (a `<dialog>`); `sheet-header`, `sheet-title`, `search`, `notice`, `org-list`, `org`,
 *   `org-name`, `org-id`, `button` inside it.
 */
export class RosterOrganizationsPanel extends LitElement {
  static override styles = [
    tokens,
    sideSheet,
    css`
      label { display: grid; gap: 0.2rem; color: var(--_muted); font-size: 0.92em; }
      input { color: var(--_text); font-size: 1.08em; min-height: 2.2em; }
      .count { color: var(--_muted); font-size: 0.9em; margin: 0; }
      li { display: grid; grid-template-columns: 1fr auto; gap: 0.2rem 0.75rem; align-items: center; padding: 0.6rem 0; border-block-end: 1px solid var(--_border); }
      .name { font-weight: 600; overflow-wrap: anywhere; }
      .meta { grid-column: 1; display: flex; flex-wrap: wrap; gap: 0.3rem 0.6rem; align-items: center; color: var(--_muted); font-size: 0.9em; }
      .copy { grid-column: 2; grid-row: 1 / span 2; display: flex; flex-direction: column; align-items: end; gap: 0.15rem; }
      .copy button { padding: 0.3em 0.75em; white-space: nowrap; }
    `,
  ];

  @property({ attribute: false }) api!: ApiClient;

  @state() private q = '';
  @state() private items: OrganizationListItem[] | null = null;
  @state() private loading = false;
  @state() private error = '';
  /** The search the list shows (the empty state names it), not the one being typed. */
  @state() private shownQ = '';
  /** The organization whose ID was copied last (its row says "Copied"), and what the live region says. */
  @state() private copiedId = '';
  @state() private notice: { text: string; bad?: boolean } | null = null;

  private readonly language = new LanguageController(this);
  private controller: AbortController | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Opened modally with the search focused; the focus back to the toolbar's button when it goes. */
  private readonly sheet = new SideSheet(this, 'sheet,sheet-header,sheet-title,search: org-search,notice,org-list,org,org-name,org-id,button', () => this.renderRoot.querySelector('input')?.focus());

  private get t(): OrganizationsPanelStrings {
    return screenWords(this, 'organizationsPanel', organizationsPanelEn, WORDS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller?.abort();
    clearTimeout(this.timer);
  }

  protected override firstUpdated(): void {
    void this.load();
  }

  /** Asks the server for the organizations matching the search as it stands (an earlier answer still coming is dropped). */
  private async load(): Promise<void> {
    clearTimeout(this.timer);
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    const q = this.q.trim();
    this.loading = true;
    this.error = '';
    try {
      const list = await this.api.call('GET /v1/organizations', { query: { q: q || undefined }, signal: controller.signal });
      if (controller.signal.aborted) return;
      this.items = list.items;
      this.shownQ = q;
    } catch (e) {
      if (controller.signal.aborted) return;
      this.error = e instanceof ApiError && e.status !== 0 ? e.message : '';
      this.items = null;
    } finally {
      if (this.controller === controller) this.loading = false;
    }
  }

  private onInput(e: Event) {
    this.q = (e.target as HTMLInputElement).value;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(), SEARCH_DEBOUNCE_MS);
  }

  private clearSearch() {
    this.q = '';
    void this.load();
    this.renderRoot.querySelector('input')?.focus();
  }

  private async copy(org: OrganizationListItem) {
    const t = this.t;
    if (await copyText(org.id)) {
      this.copiedId = org.id;
      this.notice = { text: t.copiedOf(org.name) };
    } else {
      this.copiedId = '';
      this.notice = { text: t.copyFailed, bad: true };
    }
  }

  private close = () => this.dispatchEvent(new Event('close'));

  private list() {
    const t = this.t;
    if (this.error !== '' || (this.items === null && !this.loading)) {
      return html`<div class="state"><p class="error" role="alert">${t.loadFailed} ${this.error}</p>
        <button type="button" part="button" @click=${() => this.load()}>${t.retry}</button></div>`;
    }
    if (this.items === null) {
      return html`<div class="state" role="status"><span class="sr-only">${t.loading}</span><div class="skeleton"></div><div class="skeleton"></div><div class="skeleton"></div></div>`;
    }
    if (this.items.length === 0) {
      return html`<div class="state" part="empty" role="status"><p><strong>${this.shownQ ? t.noMatch(this.shownQ) : t.empty}</strong></p>
        ${this.shownQ ? html`<button type="button" part="button" @click=${() => this.clearSearch()}>${t.clearSearch}</button>` : nothing}</div>`;
    }
    return html`<ul part="org-list" aria-label=${t.title}>
      ${this.items.map(
        (o) => html`<li part="org">
          <span part="org-name" class="name" dir="auto">${o.name}</span>
          <span class="meta"><span>${t.orgId}:</span> <code part="org-id" dir="ltr">${o.id}</code> <span>· ${t.users(o.userCount)}</span></span>
          <span class="copy"><button type="button" part="button" aria-label=${`${t.copyOrgId}: ${o.name}`} @click=${() => this.copy(o)}>${t.copyOrgId}</button>
            ${this.copiedId === o.id ? html`<span class="done" aria-hidden="true">✓ ${t.copied}</span>` : nothing}</span>
        </li>`,
      )}
    </ul>`;
  }

  override render() {
    const t = this.t;
    const count = this.items && this.items.length > 0 ? t.count(this.items.length) : '';
    return html`<dialog part="sheet" aria-labelledby="orgs-title" @cancel=${(e: Event) => (e.preventDefault(), this.close())}>
      <header part="sheet-header">
        <div class="heading"><h2 id="orgs-title" part="sheet-title">${t.title}</h2>
          <button type="button" part="button" class="close" aria-label=${t.close} @click=${this.close}>×</button></div>
        <label>${t.search}
          <input part="search" type="search" .value=${this.q} placeholder=${t.searchPlaceholder} autocomplete="off" @input=${this.onInput}
            @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && void this.load()} /></label>
        <p class="count" role="status" aria-live="polite">${count}</p>
        <div part="notice" class=${this.notice?.bad ? 'notice bad' : 'notice'} role="status" aria-live="polite">${this.notice?.text ?? ''}</div>
      </header>
      <div class="body" aria-busy=${this.loading ? 'true' : 'false'}>${this.list()}</div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'roster-organizations-panel': RosterOrganizationsPanel;
  }
}
