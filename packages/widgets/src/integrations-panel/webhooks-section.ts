import { html, nothing } from 'lit';
import { webhookEventTypes, type WebhookDelivery, type WebhookEndpoint } from '@roster/contract';
import { ListSection, type SectionPanel } from './section-base.js';

/** What the webhooks section uses of `<roster-integrations-panel>`. */
export type WebhooksPanel = SectionPanel;

type Field = 'url' | 'events';
const FIELDS: readonly Field[] = ['url', 'events'];
/** What the section shows: the endpoints, the form adding one, an endpoint's deliveries, or the confirmation of a deletion. */
type View =
  | { kind: 'list' }
  | { kind: 'create' }
  | { kind: 'deliveries'; hook: WebhookEndpoint; items: WebhookDelivery[] | null; error: string }
  | { kind: 'delete'; hook: WebhookEndpoint };

/**
 * The Webhooks section of the integrations panel (issue 15): the tenant's endpoints (URL, events, on or off), one added
 * with an event filter from the contract's `webhookEventTypes` (its signing secret shown once, by the panel), a test
 * event sent, the delivery log (status, the endpoint's last answer, attempts, time) with Replay, and Delete. The server
 * checks what is sent (CreateWebhookEndpointRequestSchema, and that the URL is not an internal address); its issues
 * show beside their field.
 */
export class WebhooksSection extends ListSection<WebhookEndpoint, View, Field> {
  private draft = { url: '', all: true, events: [] as string[] };

  constructor(panel: WebhooksPanel) {
    super(panel, FIELDS, '[data-new-hook]');
  }

  protected async fetchItems() {
    return (await this.panel.api.call('GET /v1/webhook-endpoints', {})).items;
  }

  private get w() {
    return this.panel.words.webhooks;
  }

  private create = (e: Event) => {
    e.preventDefault();
    const d = this.draft;
    const body = { url: d.url.trim(), events: d.all ? null : webhookEventTypes.filter((x) => d.events.includes(x)) };
    void this.run(async () => {
      const { secret, ...hook } = await this.panel.api.call('POST /v1/webhook-endpoints', { body });
      this.items = [...(this.items ?? []), hook];
      this.view = { kind: 'list' };
      this.panel.showSecret({ title: this.w.readyTitle, warning: this.w.secretOnce, secretLabel: this.w.secret, secret, done: `[data-hook="${hook.id}"] [data-test]` });
    });
  };

  private sendTest(hook: WebhookEndpoint) {
    void this.run(async () => {
      await this.panel.api.call('POST /v1/webhook-endpoints/:id/test', { params: { id: hook.id } });
      this.panel.say(this.w.testQueued(hook.url));
    });
  }

  private async loadDeliveries(hook: WebhookEndpoint, focus: string) {
    this.show({ kind: 'deliveries', hook, items: null, error: '' }, focus);
    try {
      const page = await this.panel.api.call('GET /v1/webhook-endpoints/:id/deliveries', { params: { id: hook.id } });
      if (this.view.kind === 'deliveries' && this.view.hook === hook) this.view = { ...this.view, items: page.items };
    } catch (e) {
      if (this.view.kind === 'deliveries') this.view = { ...this.view, error: this.panel.messageOf(e) };
    }
    this.panel.requestUpdate();
  }

  private replay(hook: WebhookEndpoint, d: WebhookDelivery) {
    void this.run(async () => {
      await this.panel.api.call('POST /v1/webhook-endpoints/:id/deliveries/:deliveryId/replay', { params: { id: hook.id, deliveryId: d.id } });
      this.panel.say(this.w.replayed(d.type));
      await this.loadDeliveries(hook, `[data-delivery="${d.id}"] [data-replay]`);
    });
  }

  private remove(hook: WebhookEndpoint) {
    void this.run(async () => {
      await this.panel.api.call('DELETE /v1/webhook-endpoints/:id', { params: { id: hook.id } });
      this.items = (this.items ?? []).filter((h) => h.id !== hook.id);
      this.panel.say(this.w.deleted(hook.url));
      this.toList();
    });
  }

  private list() {
    const w = this.w;
    const t = this.panel.words;
    let content;
    if (this.error) {
      content = html`<div class="state"><p class="error" role="alert">${w.loadFailed} ${this.error}</p>
        <button type="button" part="button" @click=${() => this.load()}>${t.retry}</button></div>`;
    } else if (this.items === null) {
      content = html`<div class="state" role="status"><span class="sr-only">${w.loading}</span><div class="skeleton"></div></div>`;
    } else if (this.items.length === 0) {
      content = html`<div class="state" part="empty" role="status"><p><strong>${w.empty}</strong></p></div>`;
    } else {
      content = html`<ul part="hook-list" aria-labelledby="tab-webhooks">
        ${this.items.map(
          (h) => html`<li part="hook" data-hook=${h.id}>
            <code part="hook-url" class="name" dir="ltr">${h.url}</code>
            <dl>
              <dt>${w.events}</dt><dd>${h.events ? html`<bdi dir="ltr">${h.events.join(', ')}</bdi>` : w.allEvents}</dd>
              <dt>${w.status}</dt><dd>${h.enabled ? w.enabled : w.disabled}</dd>
              <dt>${t.created}</dt><dd>${this.panel.date(h.createdAt)}</dd>
            </dl>
            <div class="actions">
              <button type="button" part="button" class="small" data-test aria-label=${`${w.sendTest}: ${h.url}`} @click=${() => this.sendTest(h)}>${w.sendTest}</button>
              <button type="button" part="button" class="small" data-deliveries aria-label=${`${w.deliveries}: ${h.url}`} @click=${() => this.loadDeliveries(h, '[data-back]')}>${w.deliveries}</button>
              <button type="button" part="button" class="small danger-outline" data-delete aria-label=${`${w.delete}: ${h.url}`} @click=${() => this.show({ kind: 'delete', hook: h }, '[data-cancel]')}>${w.delete}</button>
            </div>
          </li>`,
        )}
      </ul>`;
    }
    return html`<p class="intro">${w.intro}</p>${this.bannerView()}
      <div class="bar"><span></span><button type="button" part="button button-primary" class="primary" data-new-hook
        @click=${() => ((this.draft = { url: '', all: true, events: [] }), this.show({ kind: 'create' }, '#hook-url'))}>${w.add}</button></div>
      <div aria-busy=${this.loading ? 'true' : 'false'}>${content}</div>`;
  }

  private form() {
    const w = this.w;
    const t = this.panel.words;
    const d = this.draft;
    const url = this.panel.issueText(this.issues.url);
    const events = this.panel.issueText(this.issues.events);
    const set = (patch: Partial<typeof d>) => ((this.draft = { ...this.draft, ...patch }), this.panel.requestUpdate());
    return html`<form part="form" novalidate @submit=${this.create}>
      <h3>${w.newTitle}</h3>
      ${this.bannerView()}
      <div class="field" part="form-field">
        <label for="hook-url">${w.url}</label>
        <p class="hint" id="hook-url-hint">${w.urlHint}</p>
        <input id="hook-url" type="text" inputmode="url" dir="ltr" autocomplete="off" placeholder="https://" .value=${d.url} aria-invalid=${url ? 'true' : 'false'}
          aria-describedby="hook-url-hint url-error" @input=${(e: Event) => set({ url: (e.target as HTMLInputElement).value })} />
        <p class="field-error" part="form-error" id="url-error">${url}</p>
      </div>
      <fieldset class="field" part="form-field" aria-describedby="events-error">
        <legend>${w.events}</legend>
        <label class="check"><input type="radio" name="hook-events" value="all" .checked=${d.all} @change=${() => set({ all: true })} /><span>${w.allEvents}</span></label>
        <label class="check"><input type="radio" name="hook-events" value="some" .checked=${!d.all} aria-invalid=${events ? 'true' : 'false'} @change=${() => set({ all: false })} /><span>${w.someEvents}</span></label>
        ${d.all
          ? nothing
          : html`<div class="events">${webhookEventTypes.map(
              (x) => html`<label class="check"><input type="checkbox" value=${x} .checked=${d.events.includes(x)}
                @change=${(e: Event) => set({ events: (e.target as HTMLInputElement).checked ? [...this.draft.events, x] : this.draft.events.filter((y) => y !== x) })} /><code dir="ltr">${x}</code></label>`,
            )}</div>`}
        <p class="field-error" part="form-error" id="events-error">${events}</p>
      </fieldset>
      <div class="footer">
        <button type="button" part="button" @click=${() => this.toList()}>${t.cancel}</button>
        <button type="submit" part="button button-primary" class="primary" ?disabled=${this.busy}>${w.add}</button>
      </div>
    </form>`;
  }

  private deliveries(v: Extract<View, { kind: 'deliveries' }>) {
    const w = this.w;
    const back = `[data-hook="${v.hook.id}"] [data-deliveries]`;
    let content;
    if (v.error) content = html`<p class="error" role="alert">${v.error}</p>`;
    else if (v.items === null) content = html`<div class="state" role="status"><span class="sr-only">${w.loading}</span><div class="skeleton"></div></div>`;
    else if (v.items.length === 0) content = html`<p class="state" part="empty" role="status">${w.noDeliveries}</p>`;
    else
      content = html`<ul part="delivery-list" aria-labelledby="deliveries-title">
        ${v.items.map(
          (d) => html`<li part="delivery" data-delivery=${d.id}>
            <span class="name"><code dir="ltr">${d.type}</code> · ${w.deliveryStatus[d.status] ?? d.status}</span>
            <dl>
              <dt>${w.response}</dt><dd>${d.lastResponseStatus ?? d.lastError ?? w.noResponse}</dd>
              <dt>${w.attempts}</dt><dd>${d.attempts}</dd>
              <dt>${w.time}</dt><dd>${this.panel.date(d.createdAt)}</dd>
            </dl>
            <div class="actions"><button type="button" part="button" class="small" data-replay aria-label=${`${w.replay}: ${d.type}, ${this.panel.date(d.createdAt)}`}
              ?disabled=${this.busy} @click=${() => this.replay(v.hook, d)}>${w.replay}</button></div>
          </li>`,
        )}
      </ul>`;
    return html`<div class="panel">
      <h3 id="deliveries-title">${w.deliveriesTitle(v.hook.url)}</h3>
      ${this.bannerView()}
      <div class="footer start"><button type="button" part="button" data-back @click=${() => this.toList(back)}>${w.back}</button>
        <button type="button" part="button" @click=${() => this.loadDeliveries(v.hook, '[data-back]')}>${w.refresh}</button></div>
      ${content}
    </div>`;
  }

  private confirmDelete(v: Extract<View, { kind: 'delete' }>) {
    const w = this.w;
    return html`<div class="panel" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-body">
      <h3 id="confirm-title">${w.deleteTitle(v.hook.url)}</h3>
      <p id="confirm-body">${w.deleteBody}</p>
      ${this.bannerView()}
      <div class="footer"><button type="button" part="button" data-cancel @click=${() => this.toList(`[data-hook="${v.hook.id}"] [data-delete]`)}>${this.panel.words.cancel}</button>
        <button type="button" part="button button-danger" class="danger" data-confirm ?disabled=${this.busy} @click=${() => this.remove(v.hook)}>${w.delete}</button></div>
    </div>`;
  }

  render() {
    const v = this.view;
    return v.kind === 'create' ? this.form() : v.kind === 'deliveries' ? this.deliveries(v) : v.kind === 'delete' ? this.confirmDelete(v) : this.list();
  }
}
