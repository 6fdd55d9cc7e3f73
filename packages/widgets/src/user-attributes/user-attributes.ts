import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { attributeLabel, attributeValueSchema, type AttributeDefinition, type AttributeValue, type AttributeValues, type TenantContext, type User } from '@roster/contract';
import { ApiError, type ApiClient } from '../internal/api-client.js';
import { LanguageController, langOf, localeOf } from '../internal/language.js';
import { tokens } from '../internal/theme.styles.js';
import { formatAttributeValue } from '../user-table/attribute-value.js';
import { can } from '../user-table/actions.js';
import { screenWords } from '../translations/screen-words.js';
import { userAttributesEn, type UserAttributesStrings } from '../translations/user-attributes.js';
import { styles as sheetStyles } from '../user-sheet/user-sheet.styles.js';
import { styles } from './user-attributes.styles.js';

const WORDS = {
  de: () => import('../translations/user-attributes.de.js').then((m) => m.userAttributesDe),
  ar: () => import('../translations/user-attributes.ar.js').then((m) => m.userAttributesAr),
};

/** An input's text of a value (a boolean as `true`/`false`, none as ''). */
const textOf = (v: AttributeValue | undefined): string => (v === null || v === undefined ? '' : String(v));

/** The value an input's text stands for: '' is none (null); a number that is not one is sent as typed, for the server to name. */
function valueOf(d: AttributeDefinition, text: string): AttributeValue {
  if (text.trim() === '') return null;
  if (d.type === 'number') return Number.isFinite(Number(text)) ? Number(text) : text;
  if (d.type === 'boolean') return text === 'true';
  return text;
}

/**
 * @summary A user's custom attribute values on their page (the Attributes tab, a chunk of its own loaded with the
 * tab): one input per definition of the tenant, typed by it (text, number, yes/no, date, one of a list), labelled in
 * the reader's language, required ones marked and — when the definition became required after the user was made —
 * flagged as missing. Saved together (`PATCH /v1/users/:id/attributes`, only the values changed); each value is
 * checked by the contract's rule before it is sent and the server's field issues show at their input. Read-only for
 * a caller who may not edit the user.
 * @csspart form - The form; `input` each input, `button` the save button, `notice` the live region.
 */
export class RosterUserAttributes extends LitElement {
  static override styles = [tokens, sheetStyles, styles];

  @property({ attribute: false }) api!: ApiClient;
  @property({ attribute: false }) tenant!: TenantContext;
  @property({ attribute: false }) user!: User;
  /** Told of the user's values after a save (the table's row shows them). */
  @property({ attribute: false }) changed?: (values: AttributeValues) => void;

  @state() private definitions: AttributeDefinition[] | null = null;
  @state() private values: AttributeValues = {};
  @state() private draft: Record<string, string> = {};
  @state() private failed = false;
  @state() private busy = false;
  @state() private notice: { text: string; bad?: boolean } | null = null;
  @state() private issues: Record<string, string> = {};

  private readonly language = new LanguageController(this);
  private loadedFor = '';
  private loading: AbortController | null = null;

  private get t(): UserAttributesStrings {
    return screenWords(this, 'userAttributes', userAttributesEn, WORDS);
  }

  protected override willUpdate(): void {
    if (this.user && this.loadedFor !== this.user.id) {
      this.loadedFor = this.user.id;
      void this.load();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.loading?.abort();
    this.loadedFor = '';
  }

  private get mayEdit(): boolean {
    return can(this.tenant, 'users.write') || (this.user.kind === 'end_user' && can(this.tenant, 'end_users.write'));
  }

  private async load() {
    this.loading?.abort();
    const controller = (this.loading = new AbortController());
    const id = this.user.id;
    this.failed = false;
    this.definitions = null;
    try {
      const [list, values] = await Promise.all([
        this.api.call('GET /v1/attributes', { signal: controller.signal }),
        this.api.call('GET /v1/users/:id/attributes', { params: { id }, signal: controller.signal }),
      ]);
      if (controller.signal.aborted) return;
      this.definitions = list.items;
      this.show(values);
    } catch {
      if (!controller.signal.aborted) this.failed = true;
    }
  }

  private show(values: AttributeValues) {
    this.values = values;
    this.draft = Object.fromEntries((this.definitions ?? []).map((d) => [d.key, textOf(values[d.key])]));
    this.issues = {};
  }

  private async save(e: Event) {
    e.preventDefault();
    const defs = this.definitions ?? [];
    const body: AttributeValues = {};
    const issues: Record<string, string> = {};
    for (const d of defs) {
      const text = this.draft[d.key] ?? '';
      if (text === textOf(this.values[d.key])) continue;
      const value = valueOf(d, text);
      // The contract's rule of the value, as the server applies it: the person hears of a mistake before sending.
      if (value === null) {
        if (d.required) issues[d.key] = this.t.missing;
      } else {
        const r = attributeValueSchema(d).safeParse(value);
        if (!r.success) issues[d.key] = r.error.issues[0]?.message ?? '';
      }
      body[d.key] = value;
    }
    this.issues = issues;
    if (Object.keys(issues).length > 0) return this.focusFirstIssue();
    if (Object.keys(body).length === 0) {
      this.notice = { text: this.t.nothingChanged };
      return;
    }
    this.busy = true;
    this.notice = null;
    try {
      const saved = await this.api.call('PATCH /v1/users/:id/attributes', { params: { id: this.user.id }, body });
      this.show(saved);
      this.notice = { text: this.t.saved };
      this.changed?.(saved);
    } catch (err) {
      const message = err instanceof ApiError && err.status !== 0 ? err.message : this.t.unreachable;
      this.notice = { text: this.t.failed(message), bad: true };
      if (err instanceof ApiError) this.issues = Object.fromEntries(err.issues.filter((i) => i.path[0] === 'body' && i.path.length > 1).map((i) => [String(i.path[1]), i.message]));
      this.focusFirstIssue();
    } finally {
      this.busy = false;
    }
  }

  private focusFirstIssue() {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid=true]')?.focus());
  }

  private input(d: AttributeDefinition) {
    const t = this.t;
    const id = `attr-${d.key}`;
    const text = this.draft[d.key] ?? '';
    const error = this.issues[d.key];
    const describedBy = [error ? `${id}-error` : '', d.required && this.values[d.key] === undefined ? `${id}-missing` : ''].filter(Boolean).join(' ') || nothing;
    const set = (e: Event) => (this.draft = { ...this.draft, [d.key]: (e.target as HTMLInputElement | HTMLSelectElement).value });
    const common = { id, invalid: error ? 'true' : 'false' };
    switch (d.type) {
      case 'boolean':
      case 'oneOf': {
        const choices: [string, string][] = d.type === 'boolean' ? [['true', t.yes], ['false', t.no]] : (d.options ?? []).map((o) => [o, o]);
        return html`<select id=${common.id} part="input" aria-invalid=${common.invalid} aria-describedby=${describedBy} ?required=${d.required} ?disabled=${this.busy} @change=${set}>
          <option value="" ?selected=${text === ''}>${t.notSet}</option>
          ${choices.map(([v, label]) => html`<option value=${v} ?selected=${v === text}>${label}</option>`)}</select>`;
      }
      default:
        return html`<input id=${common.id} part="input" type=${d.type === 'number' ? 'text' : d.type === 'date' ? 'date' : 'text'} inputmode=${d.type === 'number' ? 'decimal' : nothing}
          maxlength=${d.type === 'text' ? 500 : nothing} dir="auto" aria-invalid=${common.invalid} aria-describedby=${describedBy} ?required=${d.required} ?disabled=${this.busy}
          .value=${text} @input=${set} />`;
    }
  }

  private field(d: AttributeDefinition, lang: string, edit: boolean) {
    const t = this.t;
    const id = `attr-${d.key}`;
    const label = attributeLabel(d, lang);
    const missing = d.required && this.values[d.key] === undefined;
    return html`<div class="field">
      ${edit ? html`<label for=${id} dir="auto">${label}${d.required ? html` <span class="req">(${t.required})</span>` : nothing}</label>${this.input(d)}`
        : html`<span class="label" dir="auto"><strong>${label}</strong>${d.required ? html` <span class="req">(${t.required})</span>` : nothing}</span>
          <p class="value" dir="auto">${this.values[d.key] === undefined ? t.notSet : formatAttributeValue(d, this.values[d.key], localeOf(this), [t.yes, t.no])}</p>`}
      ${missing ? html`<p class="missing" id=${`${id}-missing`}>${t.missing}</p>` : nothing}
      ${this.issues[d.key] ? html`<p class="field-error" id=${`${id}-error`}>${this.issues[d.key]}</p>` : nothing}
    </div>`;
  }

  override render() {
    if (!this.user) return nothing;
    const t = this.t;
    const notice = html`<div part="notice" class=${this.notice?.bad ? 'notice bad' : 'notice'} role="status" aria-live="polite">${this.notice?.text ?? ''}</div>`;
    if (this.failed) return html`${notice}<p role="alert">${t.loadFailed}</p><button type="button" part="button" @click=${() => this.load()}>${t.retry}</button>`;
    if (!this.definitions) return html`${notice}<p class="hint" role="status">${t.loading}</p>`;
    if (this.definitions.length === 0) return html`${notice}<p class="hint">${t.none}</p>`;
    const lang = langOf(this);
    const edit = this.mayEdit;
    return html`${notice}
      <form part="form" novalidate aria-labelledby="attributes-h" @submit=${(e: Event) => this.save(e)}>
        <h3 id="attributes-h">${t.heading}</h3>
        ${edit ? nothing : html`<p class="hint">${t.readOnly}</p>`}
        ${this.definitions.map((d) => this.field(d, lang, edit))}
        ${edit ? html`<div class="row"><button type="submit" part="button button-primary" class="primary" ?disabled=${this.busy}>${t.save}</button></div>` : nothing}
      </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'roster-user-attributes': RosterUserAttributes;
  }
}
