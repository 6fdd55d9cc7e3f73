import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { permissionsNotHeld, roleGrantRefusal, type Role } from '@roster/contract';
import { styles } from './role-picker.styles.js';
import { tokens } from '../internal/theme.styles.js';
import type { RolePickerStrings, RoleStrings } from '../translations/index.js';
import { rolePickerEn } from '../translations/role-picker.js';
import { permissionName, roleName, rolesEn } from '../translations/roles.js';
import { LanguageController, localeOf, translate } from '../internal/language.js';
import { loadPermissionWords, permissionSummary, permissionWords, type PermissionWords } from '../internal/permission-summary.js';

/**
 * @summary Choose one or many roles. Lists the tenant's roles, searchable; roles the current user may not grant
 * are disabled and say why; each role's permissions open on demand. Form-associated: inside a host's `<form>` it
 * submits one `name=roleId` entry per chosen role, and `required` takes part in the form's validation.
 *
 * @fires change - The chosen roles changed (`value` holds their ids).
 * @fires input - Same as change, for frameworks that listen to input.
 *
 * @csspart search - The search field (shown when there are more than six roles).
 * @csspart list - The list of roles.
 * @csspart option - Each role (also `option-disabled` when it cannot be granted).
 * @csspart option-reason - Why a role cannot be granted.
 * @csspart option-permissions - A role's permissions, by group (a disclosure).
 * @csspart empty - "No role matches".
 * @cssproperty --roster-role-list-height - Height of the scrolling list (14rem).
 * @cssproperty --roster-accent - And the other `--roster-*` tokens of docs/theming.md.
 */
export class RolePicker extends LitElement {
  static override styles = [tokens, styles];
  static formAssociated = true;

  /** Roles to choose from (from GET /v1/roles). */
  @property({ attribute: false }) roles: Role[] = [];
  /** The permissions of the person choosing (from GET /v1/tenant): a role with others cannot be granted. */
  @property({ attribute: false }) grantablePermissions: readonly string[] = [];
  /** Chosen role ids. */
  @property({ attribute: false }) value: string[] = [];
  @property({ type: Boolean }) multiple = false;
  @property({ type: Boolean, reflect: true }) required = false;
  @property({ type: Boolean, reflect: true }) disabled = false;
  @property() name = '';
  /** The group's accessible name; the translation's "Roles" when empty. */
  @property() label = '';

  @state() private filter = '';
  private readonly internals: ElementInternals;
  private readonly language = new LanguageController(this);

  constructor() {
    super();
    this.internals = this.attachInternals();
  }

  private get t(): RolePickerStrings {
    return translate(this, 'rolePicker', rolePickerEn);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The permission words are not in the up-front bundle: until they arrive (milliseconds), a permission shows its key.
    void loadPermissionWords().then(() => this.requestUpdate());
  }

  /** Built-in role names in the element's language. */
  private get words(): RoleStrings {
    return translate(this, 'roles', rolesEn);
  }

  /** Permission labels and group names in the element's language. */
  private get permissionWords(): PermissionWords {
    return permissionWords(this);
  }

  /** Why a role cannot be chosen by this person, or null. */
  reasonDisabled(role: Role): string | null {
    // The rule is the contract's (roleGrantRefusal); the words are the element's language.
    const held = new Set(this.grantablePermissions);
    if (roleGrantRefusal(role, held) === null) return null;
    const p = this.permissionWords.labels;
    return role.key === 'root_admin' ? this.t.rootAdminOnly : this.t.lacksPermissions(roleName(this.words, role), permissionsNotHeld(held, role.permissions).map((k) => permissionName(p, k)));
  }

  protected override updated(): void {
    const data = new FormData();
    for (const id of this.value) data.append(this.name, id);
    this.internals.setFormValue(this.value.length ? data : null);
    if (this.required && this.value.length === 0) this.internals.setValidity({ valueMissing: true }, this.t.chooseRole, this.renderRoot.querySelector('input:not([disabled])') ?? undefined);
    else this.internals.setValidity({});
  }

  formResetCallback(): void {
    this.value = [];
  }

  get validity(): ValidityState {
    return this.internals.validity;
  }

  /** Why the choice is not valid (in the element's language), or empty. */
  get validationMessage(): string {
    return this.internals.validationMessage;
  }

  checkValidity(): boolean {
    return this.internals.checkValidity();
  }

  private choose(role: Role, on: boolean) {
    if (this.reasonDisabled(role)) return;
    this.value = this.multiple ? (on ? [...this.value, role.id] : this.value.filter((id) => id !== role.id)) : on ? [role.id] : [];
    this.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    this.dispatchEvent(new Event('change', { bubbles: true }));
  }

  override render() {
    const t = this.t;
    const label = this.label || t.label;
    const q = this.filter.trim().toLowerCase();
    const w = this.words;
    const words = this.permissionWords;
    const pw = words.labels;
    // A role is found by the name and permission labels shown, and by its permission keys.
    const shown = this.roles.filter((r) => !q || roleName(w, r).toLowerCase().includes(q) || r.permissions.some((p) => p.includes(q) || permissionName(pw, p).toLowerCase().includes(q)));
    return html`<div role="group" aria-label=${label}>
      ${this.roles.length > 6
        ? html`<input part="search" type="search" aria-label=${t.search(label)} placeholder=${t.searchPlaceholder} .value=${this.filter} @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value)} />`
        : nothing}
      <ul part="list">
        ${shown.length === 0 ? html`<li part="empty" class="empty">${t.noMatch(this.filter)}</li>` : nothing}
        ${shown.map((role) => {
          const why = this.reasonDisabled(role);
          const id = `r-${role.id}`;
          return html`<li part=${why ? 'option option-disabled' : 'option'} aria-disabled=${why ? 'true' : 'false'}>
            <label for=${id}>
              <input id=${id} type=${this.multiple ? 'checkbox' : 'radio'} name="choice" .checked=${this.value.includes(role.id)} ?disabled=${!!why || this.disabled}
                aria-describedby=${why ? `${id}-why` : nothing} @change=${(e: Event) => this.choose(role, (e.target as HTMLInputElement).checked)} />
              ${roleName(w, role)}
            </label>
            ${why ? html`<div part="option-reason" class="why" id=${`${id}-why`}>${why}</div>` : nothing}
            <details part="option-permissions"><summary>${t.permissionCount(role.permissions.length)}</summary>${permissionSummary(role.permissions, words, localeOf(this))}</details>
          </li>`;
        })}
      </ul>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'role-picker': RolePicker;
  }
}
