import { LitElement, css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CreateAttributeDefinitionSchema, attributeLabel, attributeTypes, toIssues, type AttributeDefinition, type AttributeType, type CreateAttributeDefinitionInput } from '@roster/contract';
import { ApiError, type ApiClient } from '../internal/api-client.js';
import { LanguageController, langOf } from '../internal/language.js';
import { tokens } from '../internal/theme.styles.js';
import { SideSheet, sideSheet } from '../internal/side-sheet.js';
import { screenWords } from '../translations/screen-words.js';
import { attributesPanelEn, type AttributesPanelStrings } from '../translations/attributes-panel.js';

const WORDS = {
  de: () => import('../translations/attributes-panel.de.js').then((m) => m.attributesPanelDe),
  ar: () => import('../translations/attributes-panel.ar.js').then((m) => m.attributesPanelAr),
};

/** The form's fields, and the body path each error names. */
type Field = 'key' | 'labels.en' | 'labels.de' | 'labels.ar' | 'type' | 'options';

/**
 * @summary The tenant's custom attributes, as `<user-table>`'s toolbar opens them (a side sheet, integrations.manage):
 * each with its type and rules, a form that defines one (checked by the contract's rules before it is sent, the
 * server's answer shown beside the field it names) and a Delete button per attribute. Loaded on first use.
 * @fires close - The person closed the panel (the close button or Escape); the host removes it.
 * @csspart sheet - The panel (a `<dialog>`); `sheet-header`, `sheet-title`, `notice`, `attr-list`, `attr`, `attr-name`,
 *   `form`, `form-field`, `form-label`, `form-input`, `form-error`, `button`, `button-primary` inside it.
 */
export class RosterAttributesPanel extends LitElement {
  static override styles = [
    tokens,
    sideSheet,
    css`
      form { display: grid; gap: 0.6rem; padding-block: 0.75rem; border-block-start: 1px solid var(--_border); margin-block-start: 0.75rem; }
      label { display: grid; gap: 0.2rem; color: var(--_muted); font-size: 0.92em; }
      label.check { display: flex; gap: 0.4rem; align-items: center; }
      input, select, textarea { color: var(--_text); font-size: 1.02em; min-height: 2em; }
      .hint { color: var(--_muted); font-size: 0.85em; }
      .error { color: var(--_danger, #b42318); font-size: 0.9em; margin: 0; }
      li { display: grid; grid-template-columns: 1fr auto; gap: 0.2rem 0.75rem; align-items: center; padding: 0.5rem 0; border-block-end: 1px solid var(--_border); }
      .name { font-weight: 600; overflow-wrap: anywhere; }
      .meta { grid-column: 1; color: var(--_muted); font-size: 0.9em; display: flex; flex-wrap: wrap; gap: 0.2rem 0.6rem; }
      li button { grid-column: 2; grid-row: 1 / span 2; }
      h3 { margin: 0; font-size: 1em; }
    `,
  ];

  @property({ attribute: false }) api!: ApiClient;

  @state() private items: AttributeDefinition[] | null = null;
  @state() private loadError = '';
  @state() private saving = false;
  @state() private type: AttributeType = 'text';
  @state() private errors: Partial<Record<Field, string>> = {};
  @state() private notice: { text: string; bad?: boolean } | null = null;

  private readonly language = new LanguageController(this);
  private controller: AbortController | null = null;
  private readonly sheet = new SideSheet(this, 'sheet,sheet-header,sheet-title,notice,attr-list,attr,attr-name,form,form-field,form-label,form-input,form-error,button,button-primary', () =>
    this.renderRoot.querySelector<HTMLInputElement>('input[name=key]')?.focus(),
  );

  private get t(): AttributesPanelStrings {
    return screenWords(this, 'attributesPanel', attributesPanelEn, WORDS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller?.abort();
  }

  protected override firstUpdated(): void {
    void this.load();
  }

  private async load(): Promise<void> {
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    this.loadError = '';
    try {
      const list = await this.api.call('GET /v1/attributes', { signal: controller.signal });
      if (!controller.signal.aborted) this.items = list.items;
    } catch (e) {
      if (controller.signal.aborted) return;
      this.loadError = e instanceof ApiError && e.status !== 0 ? e.message : ' ';
      this.items = null;
    }
  }

  /** The form's values as the API's body (empty optional labels left out). */
  private bodyOf(form: HTMLFormElement): CreateAttributeDefinitionInput {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '');
    const labels: Record<string, string> = { en: text('labelEn') };
    if (text('labelDe').trim()) labels.de = text('labelDe');
    if (text('labelAr').trim()) labels.ar = text('labelAr');
    const type = text('type') as AttributeType;
    return {
      key: text('key').trim(),
      labels: labels as CreateAttributeDefinitionInput['labels'],
      type,
      ...(type === 'oneOf' ? { options: text('options').split('\n').map((o) => o.trim()).filter(Boolean) } : {}),
      required: data.get('required') === 'on',
      showAsColumn: data.get('showAsColumn') === 'on',
    };
  }

  /** Issues (`['body', 'labels', 'en']` or `['labels', 'en']`) as the fields' messages. */
  private show(issues: readonly { path: readonly (string | number)[]; message: string }[]) {
    const errors: Partial<Record<Field, string>> = {};
    for (const i of issues) {
      const path = i.path[0] === 'body' ? i.path.slice(1) : i.path;
      const field = (path[0] === 'labels' ? `labels.${String(path[1] ?? 'en')}` : String(path[0] ?? 'key')) as Field;
      errors[field] ??= i.message;
    }
    this.errors = errors;
    const first = this.renderRoot.querySelector<HTMLElement>('[aria-invalid=true]');
    void this.updateComplete.then(() => (this.renderRoot.querySelector<HTMLElement>('[aria-invalid=true]') ?? first)?.focus());
  }

  private async create(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const t = this.t;
    const body = this.bodyOf(form);
    const checked = CreateAttributeDefinitionSchema.safeParse(body);
    if (!checked.success) return this.show(toIssues(checked.error.issues));
    this.errors = {};
    this.saving = true;
    try {
      const created = await this.api.call('POST /v1/attributes', { body });
      this.items = [...(this.items ?? []), created];
      this.notice = { text: t.created(attributeLabel(created, langOf(this))) };
      form.reset();
      this.type = 'text';
      form.querySelector<HTMLInputElement>('input[name=key]')?.focus();
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) this.show(err.issues);
      else this.notice = { text: t.failed(err instanceof Error ? err.message : String(err)), bad: true };
    } finally {
      this.saving = false;
    }
  }

  private async deleteAttribute(d: AttributeDefinition) {
    const t = this.t;
    const label = attributeLabel(d, langOf(this));
    if (!confirm(t.confirmRemove(label))) return;
    try {
      await this.api.call('DELETE /v1/attributes/:id', { params: { id: d.id } });
      this.items = (this.items ?? []).filter((x) => x.id !== d.id);
      this.notice = { text: t.removed(label) };
    } catch (err) {
      this.notice = { text: t.failed(err instanceof Error ? err.message : String(err)), bad: true };
    }
  }

  private close = () => this.dispatchEvent(new Event('close'));

  private field(name: string, field: Field, label: string, hint?: string) {
    const error = this.errors[field];
    return html`<label part="form-field"><span part="form-label">${label}</span>
      <input part="form-input" name=${name} autocomplete="off" aria-invalid=${error ? 'true' : 'false'} aria-describedby=${`${name}-error`} />
      ${hint ? html`<span class="hint">${hint}</span>` : nothing}
      <p id=${`${name}-error`} part="form-error" class="error">${error ?? ''}</p></label>`;
  }

  private list() {
    const t = this.t;
    if (this.loadError) {
      return html`<div class="state"><p class="error" role="alert">${t.loadFailed} ${this.loadError}</p>
        <button type="button" part="button" @click=${() => this.load()}>${t.retry}</button></div>`;
    }
    if (this.items === null) return html`<div class="state" role="status"><span class="sr-only">${t.loading}</span><div class="skeleton"></div><div class="skeleton"></div></div>`;
    if (this.items.length === 0) return html`<div class="state" part="empty" role="status"><p><strong>${t.empty}</strong></p></div>`;
    const lang = langOf(this);
    return html`<ul part="attr-list" aria-label=${t.defined}>
      ${this.items.map(
        (d) => html`<li part="attr">
          <span part="attr-name" class="name" dir="auto">${attributeLabel(d, lang)}</span>
          <span class="meta"><code dir="ltr">${d.key}</code><span>${t.types[d.type]}${d.options ? `: ${d.options.join(', ')}` : ''}</span>
            ${d.required ? html`<span>${t.required}</span>` : nothing}${d.showAsColumn ? html`<span>${t.showAsColumn}</span>` : nothing}</span>
          <button type="button" part="button" aria-label=${t.remove(attributeLabel(d, lang))} @click=${() => this.deleteAttribute(d)}>×</button>
        </li>`,
      )}
    </ul>`;
  }

  override render() {
    const t = this.t;
    const typeError = this.errors.type ?? this.errors.options;
    return html`<dialog part="sheet" aria-labelledby="attrs-title" @cancel=${(e: Event) => (e.preventDefault(), this.close())}>
      <header part="sheet-header">
        <div class="heading"><h2 id="attrs-title" part="sheet-title">${t.title}</h2>
          <button type="button" part="button" class="close" aria-label=${t.close} @click=${this.close}>×</button></div>
        <div part="notice" class=${this.notice?.bad ? 'notice bad' : 'notice'} role="status" aria-live="polite">${this.notice?.text ?? ''}</div>
      </header>
      <div class="body">
        ${this.list()}
        <form part="form" novalidate @submit=${this.create} aria-labelledby="attrs-add">
          <h3 id="attrs-add">${t.add}</h3>
          ${this.field('key', 'key', t.key, t.keyHint)} ${this.field('labelEn', 'labels.en', t.labelEn)} ${this.field('labelDe', 'labels.de', t.labelDe)} ${this.field('labelAr', 'labels.ar', t.labelAr)}
          <label part="form-field"><span part="form-label">${t.type}</span>
            <select part="form-input" name="type" .value=${this.type} @change=${(e: Event) => (this.type = (e.target as HTMLSelectElement).value as AttributeType)}>
              ${attributeTypes.map((type) => html`<option value=${type} ?selected=${type === this.type}>${t.types[type]}</option>`)}
            </select></label>
          ${this.type === 'oneOf'
            ? html`<label part="form-field"><span part="form-label">${t.options}</span>
                <textarea part="form-input" name="options" rows="3" aria-invalid=${this.errors.options ? 'true' : 'false'} aria-describedby="options-error"></textarea>
                <span class="hint">${t.optionsHint}</span></label>`
            : nothing}
          <p id="options-error" part="form-error" class="error">${typeError ?? ''}</p>
          <label class="check"><input type="checkbox" name="required" /> ${t.required}</label>
          <label class="check"><input type="checkbox" name="showAsColumn" /> ${t.showAsColumn}</label>
          <div><button type="submit" part="button button-primary" class="primary" ?disabled=${this.saving}>${this.saving ? t.creating : t.create}</button></div>
        </form>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'roster-attributes-panel': RosterAttributesPanel;
  }
}
