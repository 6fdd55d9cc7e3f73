import { LitElement, css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  attributeFilterRule,
  groupItems,
  isFilterGroup,
  opsOfField,
  userFilterFieldNames,
  userFilterFields,
  type AttributeDefinition,
  type FilterCondition,
  type FilterFieldRule,
  type FilterGroup,
  type FilterNode,
  type FilterOp,
  type Organization,
  type Role,
  type UserFilterField,
  type UserSortKey,
} from '@roster/contract';
import { writeView } from './view.js';
import type { ApiClient } from '../internal/api-client.js';
import { LanguageController, langOf, translate } from '../internal/language.js';
import { tokens } from '../internal/theme.styles.js';
import { screenWords } from '../translations/screen-words.js';
import { filterChipsEn, type FilterChipsStrings } from '../translations/filter-chips.js';
import { userTableEn } from '../translations/user-table.js';
import { FilterChangeEvent } from '../events/filter-change.js';

const WORDS = {
  de: () => import('../translations/filter-chips.de.js').then((m) => m.filterChipsDe),
  ar: () => import('../translations/filter-chips.ar.js').then((m) => m.filterChipsAr),
};

const ATTR = 'attr.';
/** An attribute's label in a language, English where it has none (the contract's `attributeLabel`, whose module brings the schemas). */
const labelOf = (d: AttributeDefinition, lang: string) => (d.labels as Record<string, string | undefined>)[lang] ?? d.labels.en;

/** What the chips read from and ask of `<user-table>`. */
export interface ChipsHost {
  api: ApiClient;
  organizations: readonly Organization[];
  namedRoles(): Role[];
  tokens: { get(): Promise<string | null> };
  tree: FilterGroup | null;
  filters: object;
  sort: UserSortKey;
  order: 'asc' | 'desc';
  /** Clears the search and every filter, and reloads. */
  clearAll(): void;
}

/**
 * @summary `<user-table>`'s structured filter: each condition a removable chip (`field op value`; Backspace or Delete
 * on a chip removes it), "Add filter" opening a small form whose value input follows the field's type, a "Match all /
 * any" toggle for the top group, and the saved view's buttons. Loaded with the table's lookups (its own chunk).
 * @fires filter-change - The tree changed; `event.value` is the new tree (null: no structured filter).
 * @csspart chips - The row of chips; `chip` each chip, `add-filter` the form, `button`, `button-primary`.
 */
export class RosterFilterChips extends LitElement {
  static override styles = [
    tokens,
    css`
      :host { display: contents; }
      .chips { display: flex; flex-wrap: wrap; gap: 0.35rem; align-items: center; }
      .chip { border: 1px solid var(--_border); border-radius: 999px; padding: 0.15rem 0.6rem; background: var(--_surface-2, transparent); color: var(--_text); font: inherit; cursor: pointer; }
      .chip:focus-visible, button:focus-visible, select:focus-visible, input:focus-visible { outline: 2px solid var(--_accent); outline-offset: 2px; }
      form { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: end; }
      label { display: grid; gap: 0.15rem; color: var(--_muted); font-size: 0.9em; }
      .error { color: var(--_danger, #b42318); font-size: 0.9em; }
      .note { color: var(--_muted); font-size: 0.85em; }
    `,
  ];

  /** The table: its API client, organizations and roles (for the value lists), and its saved view. */
  @property({ attribute: false }) host?: ChipsHost;
  /** The tree as the table holds it (null: none). */
  @property({ attribute: false }) value: FilterGroup | null = null;

  @state() private definitions: AttributeDefinition[] = [];
  @state() private attributesFailed = false;
  @state() private adding = false;
  @state() private field = 'lastName';
  @state() private op: FilterOp = 'contains';
  @state() private problem = '';
  @state() private notice = '';

  private readonly language = new LanguageController(this);

  private get t(): FilterChipsStrings {
    return screenWords(this, 'filterChips', filterChipsEn, WORDS);
  }

  protected override firstUpdated(): void {
    void this.loadAttributes();
  }

  /** "Save view" keeps the table's filters and sort for this page and tenant; "Reset" forgets them and starts over. */
  private async saveView(reset: boolean): Promise<void> {
    const host = this.host;
    if (!host) return;
    writeView(await host.tokens.get(), reset ? null : { tree: host.tree, filters: host.filters, sort: host.sort, order: host.order });
    if (reset) {
      host.sort = 'lastName';
      host.order = 'asc';
      host.clearAll();
    }
  }

  private async loadAttributes(): Promise<void> {
    if (!this.host) return;
    try {
      this.definitions = (await this.host.api.call('GET /v1/attributes', {})).items;
    } catch {
      // Without them the built-in fields still filter (the integrations.manage-less admin may still read them; a failure is said once).
      this.attributesFailed = true;
    }
  }

  /** A field's rule: a built-in's, or an attribute's by its type (undefined: not a field of this tenant). */
  private ruleOf(field: string): FilterFieldRule | undefined {
    if (field.startsWith(ATTR)) {
      const d = this.definitions.find((a) => a.key === field.slice(ATTR.length));
      return d ? attributeFilterRule(d.type) : undefined;
    }
    return (userFilterFields as Record<string, FilterFieldRule>)[field];
  }

  private fieldLabel(field: string): string {
    if (field.startsWith(ATTR)) {
      const d = this.definitions.find((a) => a.key === field.slice(ATTR.length));
      return d ? labelOf(d, langOf(this).split('-')[0]!) : field.slice(ATTR.length);
    }
    return this.t.fields[field as UserFilterField] ?? field;
  }

  /** A value as a person reads it: the name of an organization or role, a status in words. */
  private valueLabel(field: string, v: unknown): string {
    const table = translate(this, 'userTable', userTableEn);
    const one = (x: unknown): string => {
      const s = String(x);
      if (field === 'organizationId') return (this.host?.organizations ?? []).find((o) => o.id === s)?.name ?? s;
      if (field === 'roleId') return (this.host?.namedRoles() ?? []).find((r) => r.id === s)?.name ?? s;
      if (field === 'status') return table.statuses[s as keyof typeof table.statuses] ?? s;
      if (field === 'kind') return s === 'technician' ? table.technicians : s === 'end_user' ? table.endUsers : s;
      if (field === 'mfaState') return table.mfa[s as keyof typeof table.mfa] ?? s;
      if (field === 'invitationStatus') return table.invitation[s as keyof typeof table.invitation] ?? s;
      if (typeof x === 'boolean') return x ? this.t.yes : this.t.no;
      return s;
    };
    return Array.isArray(v) ? v.map(one).join(', ') : one(v);
  }

  private chipLabel(n: FilterNode): string {
    if (isFilterGroup(n)) return this.t.group(groupItems(n).length);
    const value = n.value === undefined ? '' : ` ${this.valueLabel(n.field, n.value)}`;
    return `${this.fieldLabel(n.field)} ${this.t.ops[n.op]}${value}`;
  }

  private get items(): FilterNode[] {
    return this.value ? groupItems(this.value) : [];
  }
  private get mode(): 'all' | 'any' {
    return this.value && 'any' in this.value ? 'any' : 'all';
  }

  private emit(items: FilterNode[], mode = this.mode): void {
    const value: FilterGroup | null = items.length === 0 ? null : mode === 'all' ? { all: items } : { any: items };
    this.value = value;
    this.dispatchEvent(new FilterChangeEvent(value));
  }

  private async removeAt(index: number): Promise<void> {
    const items = this.items.filter((_, i) => i !== index);
    this.emit(items);
    await this.updateComplete;
    // Focus stays in the chips: the next one, else the previous, else "Add filter".
    const chips = this.renderRoot.querySelectorAll<HTMLElement>('.chip');
    (chips[Math.min(index, chips.length - 1)] ?? this.renderRoot.querySelector<HTMLElement>('[data-add]'))?.focus();
  }

  private chipKeydown(e: KeyboardEvent, index: number): void {
    if (e.key === 'Backspace' || e.key === 'Delete') {
      e.preventDefault();
      void this.removeAt(index);
    }
  }

  private async open(): Promise<void> {
    this.adding = true;
    this.problem = '';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLSelectElement>('select[name=field]')?.focus();
  }

  private async close(): Promise<void> {
    this.adding = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[data-add]')?.focus();
  }

  private pickField(field: string): void {
    this.field = field;
    const ops = opsOfField(this.ruleOf(field) ?? { type: 'text', nullable: false });
    if (!ops.includes(this.op)) this.op = ops[0]!;
    this.problem = '';
  }

  /** The form's value, typed by the field's rule; undefined when missing or not valid. */
  private readValue(form: HTMLFormElement, rule: FilterFieldRule): FilterCondition['value'] | undefined | null {
    if (this.op === 'isSet' || this.op === 'isNotSet') return undefined;
    const el = form.elements.namedItem('value') as HTMLInputElement | HTMLSelectElement | null;
    if (!el) return null;
    const typed = (s: string): string | number | boolean | null => {
      const v = s.trim();
      if (v === '') return null;
      if (rule.type === 'boolean') return v === 'true';
      if (rule.type === 'number') return Number.isFinite(Number(v)) ? Number(v) : null;
      return v;
    };
    if (this.op === 'in') {
      const raw = el instanceof HTMLSelectElement && el.multiple ? [...el.selectedOptions].map((o) => o.value) : el.value.split(',');
      const list = raw.map(typed).filter((v): v is string | number => v !== null && typeof v !== 'boolean');
      return list.length > 0 ? list : null;
    }
    return typed(el.value);
  }

  private submit(e: Event): void {
    e.preventDefault();
    const rule = this.ruleOf(this.field);
    if (!rule) return;
    const value = this.readValue(e.target as HTMLFormElement, rule);
    if (value === null) {
      this.problem = this.t.valueNeeded;
      return;
    }
    this.emit([...this.items, { field: this.field, op: this.op, ...(value === undefined ? {} : { value }) }]);
    void this.close();
  }

  /** The value input the field's type asks for: a list for kinds, statuses, roles, organizations, one-of and yes/no. */
  private valueInput(rule: FilterFieldRule) {
    const t = this.t;
    if (this.op === 'isSet' || this.op === 'isNotSet') return nothing;
    const many = this.op === 'in';
    let options: [string, string][] | null = null;
    if (this.field === 'organizationId') options = (this.host?.organizations ?? []).map((o) => [o.id, o.name]);
    else if (this.field === 'roleId') options = (this.host?.namedRoles() ?? []).map((r) => [r.id, r.name]);
    else if (rule.type === 'enum') options = (rule.values ?? []).map((v) => [v, this.valueLabel(this.field, v)]);
    else if (rule.type === 'oneOf') options = (this.definitions.find((a) => `${ATTR}${a.key}` === this.field)?.options ?? []).map((o) => [o, o]);
    else if (rule.type === 'boolean') options = [['true', t.yes], ['false', t.no]];
    if (options) {
      return html`<label>${t.value}<select name="value" ?multiple=${many} required>${options.map(([v, label]) => html`<option value=${v}>${label}</option>`)}</select></label>`;
    }
    const type = rule.type === 'number' ? 'number' : rule.type === 'date' || rule.type === 'timestamp' ? 'date' : 'text';
    return html`<label>${t.value}<input name="value" type=${many ? 'text' : type} step=${type === 'number' ? 'any' : nothing} required aria-describedby=${many ? 'values-hint' : nothing} />
      ${many ? html`<span id="values-hint" class="note">${t.valuesHint}</span>` : nothing}</label>`;
  }

  private form() {
    const t = this.t;
    const rule = this.ruleOf(this.field) ?? { type: 'text' as const, nullable: false };
    const builtIns = userFilterFieldNames;
    return html`<form part="add-filter" aria-label=${t.addFilter} @submit=${this.submit}
      @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (e.stopPropagation(), void this.close())}>
      <label>${t.field}<select name="field" .value=${this.field} @change=${(e: Event) => this.pickField((e.target as HTMLSelectElement).value)}>
        ${builtIns.map((f) => html`<option value=${f} ?selected=${f === this.field}>${t.fields[f]}</option>`)}
        ${this.definitions.map((a) => html`<option value=${`${ATTR}${a.key}`} ?selected=${`${ATTR}${a.key}` === this.field}>${labelOf(a, langOf(this).split('-')[0]!)}</option>`)}
      </select></label>
      <label>${t.operator}<select name="op" .value=${this.op} @change=${(e: Event) => (this.op = (e.target as HTMLSelectElement).value as FilterOp)}>
        ${opsOfField(rule).map((o) => html`<option value=${o} ?selected=${o === this.op}>${t.ops[o]}</option>`)}
      </select></label>
      ${this.valueInput(rule)}
      <button type="submit" part="button button-primary">${t.add}</button>
      <button type="button" part="button" @click=${() => void this.close()}>${t.cancel}</button>
      ${this.problem ? html`<span class="error" role="alert">${this.problem}</span>` : nothing}
    </form>`;
  }

  override render() {
    const t = this.t;
    const items = this.items;
    return html`<div part="chips" class="chips" role="group" aria-label=${t.filters}>
      ${items.length > 1
        ? html`<label>${t.match}<select name="match" .value=${this.mode} @change=${(e: Event) => this.emit(items, (e.target as HTMLSelectElement).value as 'all' | 'any')}>
            <option value="all" ?selected=${this.mode === 'all'}>${t.matchAll}</option><option value="any" ?selected=${this.mode === 'any'}>${t.matchAny}</option>
          </select></label>`
        : nothing}
      ${items.map((n, i) => {
        const label = this.chipLabel(n);
        return html`<button type="button" part="chip" class="chip" aria-label=${t.remove(label)} title=${t.remove(label)} @click=${() => void this.removeAt(i)} @keydown=${(e: KeyboardEvent) => this.chipKeydown(e, i)}>${label} <span aria-hidden="true">×</span></button>`;
      })}
      ${this.adding ? this.form() : html`<button type="button" part="button" data-add @click=${() => void this.open()}>${t.addFilter}</button>`}
      <button type="button" part="button" @click=${() => ((this.notice = t.viewSaved), void this.saveView(false))}>${t.saveView}</button>
      <button type="button" part="button" @click=${() => ((this.notice = ''), void this.saveView(true))}>${t.resetView}</button>
      <span class="note" role="status">${this.notice}${this.attributesFailed ? ` ${t.attributesFailed}` : ''}</span>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'roster-filter-chips': RosterFilterChips;
  }
}
