import { html, nothing } from 'lit';
import { API_KEY_DAYS_DEFAULT, API_KEY_DAYS_MAX, apiKeyScopes, type ApiKey, type Organization } from '@roster/contract';
import { ListSection, type SectionPanel } from './section-base.js';

/** What the API keys section uses of `<roster-integrations-panel>`: what every section does, and the organizations. */
export interface ApiKeysPanel extends SectionPanel {
  readonly organizationChoices: readonly Organization[];
  /** Whether a key may see every organization (the caller holds `org.access.all`). */
  readonly mayChooseAll: boolean;
  organizationName(id: string | null): string;
}

type Field = 'name' | 'scopes' | 'organizationId' | 'expiresInDays';
const FIELDS: readonly Field[] = ['name', 'scopes', 'organizationId', 'expiresInDays'];
/** The lifetimes offered (days; the contract allows 1 to API_KEY_DAYS_MAX). */
const DAY_CHOICES = [7, 30, API_KEY_DAYS_DEFAULT, 180, API_KEY_DAYS_MAX];
type View = { kind: 'list' } | { kind: 'create' } | { kind: 'revoke'; key: ApiKey };

/**
 * The API keys section of the integrations panel (issue 17): the tenant's keys for its own scripts (name, prefix,
 * scopes, organization, expiry, last use), a new one (name, scopes from the contract's `apiKeyScopes`, one organization
 * or all, lifetime) whose key is shown once by the panel, and Revoke. The server checks what is sent
 * (CreateApiKeyRequestSchema); its issues show beside their field.
 */
export class ApiKeysSection extends ListSection<ApiKey, View, Field> {
  private draft = { name: '', scopes: [] as string[], organizationId: '', days: API_KEY_DAYS_DEFAULT };

  constructor(protected override readonly panel: ApiKeysPanel) {
    super(panel, FIELDS, '[data-new-key]');
  }

  protected async fetchItems() {
    return (await this.panel.api.call('GET /v1/api-keys', {})).items;
  }

  private get k() {
    return this.panel.words.apiKeys;
  }

  private openCreate() {
    this.draft = { name: '', scopes: [], organizationId: this.panel.mayChooseAll ? '' : (this.panel.organizationChoices[0]?.id ?? ''), days: API_KEY_DAYS_DEFAULT };
    this.show({ kind: 'create' }, '#key-name');
  }

  private create = (e: Event) => {
    e.preventDefault();
    const d = this.draft;
    const body = { name: d.name, scopes: apiKeyScopes.filter((s) => d.scopes.includes(s)), organizationId: d.organizationId || null, expiresInDays: d.days };
    void this.run(async () => {
      const { key, ...shown } = await this.panel.api.call('POST /v1/api-keys', { body });
      this.items = [...(this.items ?? []), shown];
      this.view = { kind: 'list' };
      this.panel.showSecret({ title: this.k.readyTitle(shown.name), warning: this.k.keyOnce, secretLabel: this.k.key, secret: key, done: `[data-key="${shown.id}"] [data-revoke-key]` });
    });
  };

  private revoke(key: ApiKey) {
    void this.run(async () => {
      await this.panel.api.call('DELETE /v1/api-keys/:id', { params: { id: key.id } });
      this.items = (this.items ?? []).filter((x) => x.id !== key.id);
      this.panel.say(this.k.revoked(key.name));
      this.toList();
    });
  }

  private list() {
    const k = this.k;
    const t = this.panel.words;
    let content;
    if (this.error) {
      content = html`<div class="state"><p class="error" role="alert">${k.loadFailed} ${this.error}</p>
        <button type="button" part="button" @click=${() => this.load()}>${t.retry}</button></div>`;
    } else if (this.items === null) {
      content = html`<div class="state" role="status"><span class="sr-only">${k.loading}</span><div class="skeleton"></div></div>`;
    } else if (this.items.length === 0) {
      content = html`<div class="state" part="empty" role="status"><p><strong>${k.empty}</strong></p></div>`;
    } else {
      content = html`<ul part="key-list" aria-labelledby="tab-keys">
        ${this.items.map((x) => {
          const expired = Date.parse(x.expiresAt) <= Date.now();
          return html`<li part="key" data-key=${x.id}>
            <span class="name" dir="auto">${x.name}</span>
            <dl>
              <dt>${k.prefix}</dt><dd><code dir="ltr">${x.prefix}…</code></dd>
              <dt>${t.scopes}</dt><dd>${x.scopes.map((s) => t.scopeWords[s]?.label ?? s).join(', ')}</dd>
              <dt>${t.organization}</dt><dd dir="auto">${this.panel.organizationName(x.organizationId)}</dd>
              <dt>${t.created}</dt><dd>${this.panel.date(x.createdAt)}</dd>
              <dt>${expired ? k.expired : k.expires}</dt><dd>${this.panel.date(x.expiresAt)}</dd>
              <dt>${t.lastUsed}</dt><dd>${x.lastUsedAt ? this.panel.date(x.lastUsedAt) : t.never}</dd>
            </dl>
            <div class="actions"><button type="button" part="button" class="small danger-outline" data-revoke-key aria-label=${`${t.revoke}: ${x.name}`}
              @click=${() => this.show({ kind: 'revoke', key: x }, '[data-cancel]')}>${t.revoke}</button></div>
          </li>`;
        })}
      </ul>`;
    }
    return html`<p class="intro">${k.intro}</p>${this.bannerView()}
      <div class="bar"><span></span><button type="button" part="button button-primary" class="primary" data-new-key ?disabled=${this.items === null} @click=${() => this.openCreate()}>${k.add}</button></div>
      <div aria-busy=${this.loading ? 'true' : 'false'}>${content}</div>`;
  }

  private form() {
    const k = this.k;
    const t = this.panel.words;
    const d = this.draft;
    const text = (f: Field) => this.panel.issueText(this.issues[f]);
    const invalid = (f: Field) => (text(f) ? 'true' : 'false');
    const set = (patch: Partial<typeof d>) => ((this.draft = { ...this.draft, ...patch }), this.panel.requestUpdate());
    return html`<form part="form" novalidate @submit=${this.create}>
      <h3>${k.newTitle}</h3>
      ${this.bannerView()}
      <div class="field" part="form-field">
        <label for="key-name">${t.name}</label>
        <input id="key-name" type="text" autocomplete="off" maxlength="200" .value=${d.name} aria-invalid=${invalid('name')} aria-describedby="key-name-error"
          @input=${(e: Event) => set({ name: (e.target as HTMLInputElement).value })} />
        <p class="field-error" part="form-error" id="key-name-error">${text('name')}</p>
      </div>
      <fieldset class="field" part="form-field" aria-describedby="key-scopes-hint key-scopes-error">
        <legend>${t.scopes}</legend>
        <p class="hint" id="key-scopes-hint">${k.scopesHint}</p>
        ${apiKeyScopes.map((s, i) => {
          const words = t.scopeWords[s];
          return html`<label class="check"><input type="checkbox" value=${s} .checked=${d.scopes.includes(s)} aria-invalid=${i === 0 ? invalid('scopes') : 'false'}
              @change=${(e: Event) => set({ scopes: (e.target as HTMLInputElement).checked ? [...this.draft.scopes, s] : this.draft.scopes.filter((x) => x !== s) })} />
            <span>${words?.label ?? s} <code dir="ltr">${s}</code></span>${words ? html`<small>${words.description}</small>` : nothing}</label>`;
        })}
        <p class="field-error" part="form-error" id="key-scopes-error">${text('scopes')}</p>
      </fieldset>
      <div class="field" part="form-field">
        <label for="key-org">${t.organization}</label>
        <p class="hint" id="key-org-hint">${k.organizationHint}</p>
        <select id="key-org" aria-invalid=${invalid('organizationId')} aria-describedby="key-org-hint key-org-error" @change=${(e: Event) => set({ organizationId: (e.target as HTMLSelectElement).value })}>
          ${this.panel.mayChooseAll ? html`<option value="" ?selected=${d.organizationId === ''}>${t.allOrganizations}</option>` : nothing}
          ${this.panel.organizationChoices.map((o) => html`<option value=${o.id} ?selected=${d.organizationId === o.id}>${o.name}</option>`)}
        </select>
        <p class="field-error" part="form-error" id="key-org-error">${text('organizationId')}</p>
      </div>
      <div class="field" part="form-field">
        <label for="key-days">${k.lifetime}</label>
        <select id="key-days" aria-invalid=${invalid('expiresInDays')} aria-describedby="key-days-error" @change=${(e: Event) => set({ days: Number((e.target as HTMLSelectElement).value) })}>
          ${DAY_CHOICES.map((n) => html`<option value=${n} ?selected=${d.days === n}>${k.days(n)}</option>`)}
        </select>
        <p class="field-error" part="form-error" id="key-days-error">${text('expiresInDays')}</p>
      </div>
      <div class="footer">
        <button type="button" part="button" @click=${() => this.toList()}>${t.cancel}</button>
        <button type="submit" part="button button-primary" class="primary" ?disabled=${this.busy}>${k.create}</button>
      </div>
    </form>`;
  }

  private confirmRevoke(v: Extract<View, { kind: 'revoke' }>) {
    const k = this.k;
    const t = this.panel.words;
    return html`<div class="panel" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-body">
      <h3 id="confirm-title">${t.revokeTitle(v.key.name)}</h3>
      <p id="confirm-body">${k.revokeBody}</p>
      ${this.bannerView()}
      <div class="footer"><button type="button" part="button" data-cancel @click=${() => this.toList(`[data-key="${v.key.id}"] [data-revoke-key]`)}>${t.cancel}</button>
        <button type="button" part="button button-danger" class="danger" data-confirm ?disabled=${this.busy} @click=${() => this.revoke(v.key)}>${t.revoke}</button></div>
    </div>`;
  }

  render() {
    const v = this.view;
    return v.kind === 'create' ? this.form() : v.kind === 'revoke' ? this.confirmRevoke(v) : this.list();
  }
}
