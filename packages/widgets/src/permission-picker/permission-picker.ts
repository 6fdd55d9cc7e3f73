import { LitElement, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { permissionGroups, type Permission, type PermissionGroup } from '@roster/contract';
import { styles } from './permission-picker.styles.js';
import { tokens } from '../internal/theme.styles.js';
import type { PermissionPickerStrings } from '../translations/index.js';
import { permissionPickerEn } from '../translations/permission-picker.js';
import { permissionName } from '../translations/roles.js';
import { LanguageController, translate } from '../internal/language.js';
import { loadPermissionWords, permissionWords } from '../internal/permission-summary.js';

/**
 * @summary Tick permissions, by group (Users, Roles, Organizations, Billing…), each with its label and a one-line
 * description in the page's language. A permission the person does not hold is disabled and says why: nobody gives
 * or takes away a permission they lack (the contract's grant rule, the one the server runs). Used by `<role-editor>`
 * for a role's permissions, and for a user's explicit permissions. Form-associated: inside a `<form>` it submits one
 * `name=permission` entry per ticked permission.
 *
 * @fires change - The ticked permissions changed (`value` holds them).
 * @fires input - Same as change, for frameworks that listen to input.
 *
 * @csspart group - Each group of permissions (a fieldset); `group-name` its legend.
 * @csspart permission - Each permission: its checkbox and label (also `permission-disabled` when not held).
 * @csspart permission-description - A permission's one-line description.
 * @csspart permission-reason - Why a permission cannot be changed.
 * @cssproperty --roster-accent - And the other `--roster-*` tokens of docs/theming.md.
 */
export class PermissionPicker extends LitElement {
  static override styles = [tokens, styles];
  static formAssociated = true;
  /** `focus()` on the element focuses its first checkbox (a form moves there to show an error). */
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  /** The ticked permissions. */
  @property({ attribute: false }) value: string[] = [];
  /** The permissions of the person ticking (from GET /v1/tenant): only these can be ticked or unticked. */
  @property({ attribute: false }) grantablePermissions: readonly string[] = [];
  @property({ type: Boolean, reflect: true }) disabled = false;
  @property() name = '';
  /** The group's accessible name; the translation's "Permissions" when empty. */
  @property() label = '';

  private readonly internals: ElementInternals;
  private readonly language = new LanguageController(this);

  constructor() {
    super();
    this.internals = this.attachInternals();
  }

  private get t(): PermissionPickerStrings {
    return translate(this, 'permissionPicker', permissionPickerEn);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void loadPermissionWords().then(() => this.requestUpdate());
  }

  protected override updated(): void {
    const data = new FormData();
    for (const p of this.value) data.append(this.name, p);
    this.internals.setFormValue(this.value.length ? data : null);
  }

  formResetCallback(): void {
    this.value = [];
  }

  private toggle(permission: Permission, on: boolean) {
    if (!this.grantablePermissions.includes(permission)) return;
    this.value = on ? [...this.value, permission] : this.value.filter((p) => p !== permission);
    this.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    this.dispatchEvent(new Event('change', { bubbles: true }));
  }

  override render() {
    const t = this.t;
    const words = permissionWords(this);
    const held = new Set(this.grantablePermissions);
    const ticked = new Set(this.value);
    return html`<div role="group" aria-label=${this.label || t.label}>
      ${(Object.entries(permissionGroups) as [PermissionGroup, readonly Permission[]][]).map(
        ([group, members]) => html`<fieldset part="group">
          <legend part="group-name">${words.groups[group] ?? group}</legend>
          ${members.map((p) => {
            const notHeld = !held.has(p);
            const id = `p-${p.replace(/\W/g, '-')}`;
            return html`<div class="permission">
              <label part=${notHeld ? 'permission permission-disabled' : 'permission'} for=${id}>
                <input id=${id} type="checkbox" value=${p} .checked=${ticked.has(p)} ?disabled=${notHeld || this.disabled}
                  aria-describedby=${notHeld ? `${id}-about ${id}-why` : `${id}-about`} @change=${(e: Event) => this.toggle(p, (e.target as HTMLInputElement).checked)} />
                <span>${permissionName(words.labels, p)}</span>
              </label>
              <div part="permission-description" class="about" id=${`${id}-about`}>${t.descriptions[p]}</div>
              ${notHeld ? html`<div part="permission-reason" class="why" id=${`${id}-why`}>${t.notHeld}</div>` : nothing}
            </div>`;
          })}
        </fieldset>`,
      )}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'permission-picker': PermissionPicker;
  }
}
