import { LitElement, css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { createUserSchema, patchUserSchema, toIssues, type Issue, type Organization, type Role, type TenantContext, type User } from '@roster/contract';
type MetadataJson = Parameters<typeof createUserSchema>[1];
import { ApiError, type ApiClient } from '../internal/api-client.js';
import { defineElement } from '../internal/define.js';
import '../role-picker/define.js';

export type UserFormMode = 'create' | 'edit' | 'clone';
type Values = Record<string, string | boolean | string[]>;

let phoneMetadata: Promise<MetadataJson> | undefined;
/** Phone rules need libphonenumber metadata (≈ 40 KB gzip): loaded only when a phone is typed. */
const loadPhoneMetadata = () => (phoneMetadata ??= import('@roster/contract/phone-metadata').then((m) => m.phoneMetadata));
const NO_PHONE_METADATA = {} as MetadataJson;

/**
 * @summary The add / edit / clone form of <user-table>, loaded on first use. Validates with the contract's
 * schemas for the tenant's profile, the very ones the server runs, and shows each error by its field.
 * @fires saved - The server accepted the change; `event.user` and `event.mode`.
 * @fires cancel - The person closed the form.
 */
export class RosterUserForm extends LitElement {
  static override styles = css`
    :host { display: block; font-size: 0.9rem; }
    form { display: grid; grid-template-columns: 1fr 1fr; gap: 0.2rem 1rem; }
    .full { grid-column: 1 / -1; }
    label { display: block; font-weight: 600; font-size: 0.8rem; margin-top: 0.6rem; }
    input, select { width: 100%; box-sizing: border-box; font: inherit; padding: 0.45rem 0.55rem; border: 1px solid #b9c2cf; border-radius: 6px; margin-top: 0.2rem; }
    input[aria-invalid='true'], select[aria-invalid='true'] { border-color: #b3261e; }
    .error { color: #a3202b; font-size: 0.78rem; min-height: 1em; margin-top: 0.15rem; }
    fieldset { border: 1px solid #dde2ea; border-radius: 6px; margin-top: 0.6rem; padding: 0.4rem 0.7rem; }
    legend { font-weight: 600; font-size: 0.8rem; }
    .roles label { font-weight: 400; display: flex; gap: 0.4rem; align-items: center; margin: 0.2rem 0; }
    .roles input { width: auto; margin: 0; }
    .actions { display: flex; gap: 0.6rem; justify-content: flex-end; margin-top: 1rem; }
    button { font: inherit; font-weight: 600; border-radius: 6px; padding: 0.5rem 1rem; cursor: pointer; border: 1px solid #b9c2cf; background: #fff; }
    button[type='submit'] { background: var(--roster-accent, #2f6fdf); border-color: transparent; color: #fff; }
    button[disabled] { opacity: 0.6; cursor: progress; }
    .banner { grid-column: 1 / -1; background: #fbe7e9; color: #8a1c26; padding: 0.5rem 0.7rem; border-radius: 6px; margin-top: 0.6rem; }
    :focus-visible { outline: 3px solid color-mix(in srgb, var(--roster-accent, #2f6fdf) 45%, transparent); outline-offset: 1px; }
  `;

  @property({ attribute: false }) api!: ApiClient;
  @property({ attribute: false }) tenant!: TenantContext;
  @property({ attribute: false }) organizations: Organization[] = [];
  @property({ attribute: false }) roles: Role[] = [];
  @property({ attribute: false }) user?: User;
  @property() mode: UserFormMode = 'create';

  @state() private values: Values = {};
  @state() private errors: Record<string, string> = {};
  @state() private banner = '';
  @state() private saving = false;
  /** The server said all technician seats are taken: offer to add one. */
  @state() private seatNeeded = false;
  @state() private confirmSeat = false;

  override connectedCallback(): void {
    super.connectedCallback();
    const u = this.user;
    const copy = this.mode !== 'create' && u;
    this.values = {
      kind: u?.kind ?? 'technician',
      organizationId: u?.organizationId ?? '',
      firstName: this.mode === 'edit' ? u?.firstName ?? '' : '',
      lastName: this.mode === 'edit' ? u?.lastName ?? '' : '',
      email: this.mode === 'edit' ? u?.email ?? '' : '',
      username: this.mode === 'edit' ? u?.username ?? '' : '',
      phone: this.mode === 'edit' ? u?.phone ?? '' : '',
      language: copy ? u.language : 'en',
      availability: copy ? u.availability ?? 'available' : 'available',
      roleIds: copy ? u.roles.map((r) => r.id) : [],
    };
  }

  /** The body the server expects for this mode, built from the form's values. */
  private body(): Record<string, unknown> {
    const v = this.values;
    const profile = this.tenant.profile;
    const person: Record<string, unknown> = { firstName: v.firstName, lastName: v.lastName, email: v.email };
    if (profile.phoneMode !== 'hidden') person.phone = (v.phone as string).trim() || null;
    if (this.mode === 'clone') return person;
    const settings: Record<string, unknown> = { language: v.language };
    if (v.kind === 'technician') settings.availability = v.availability;
    if (this.mode === 'edit') return { ...person, ...settings };
    return {
      kind: v.kind,
      ...(v.kind === 'end_user' ? { organizationId: v.organizationId || null } : {}),
      ...person,
      ...(profile.usernameMode === 'separate' && (v.username as string).trim() ? { username: v.username } : {}),
      roleIds: v.roleIds,
      ...(this.confirmSeat ? { confirmAddSeat: true } : {}),
      ...settings,
    };
  }

  private async validate(body: Record<string, unknown>): Promise<Issue[]> {
    const needsPhone = typeof body.phone === 'string' && body.phone !== '';
    const metadata = needsPhone ? await loadPhoneMetadata() : NO_PHONE_METADATA;
    const profile = this.tenant.profile;
    const schema = this.mode === 'edit' ? patchUserSchema(profile, metadata) : createUserSchema(profile, metadata);
    const candidate = this.mode === 'clone' ? { kind: this.user!.kind, organizationId: this.user!.organizationId, ...body } : body;
    const result = schema.safeParse(candidate);
    return result.success ? [] : toIssues(result.error.issues);
  }

  private async submit(e: Event) {
    e.preventDefault();
    this.banner = '';
    const body = this.body();
    const issues = await this.validate(body);
    this.errors = Object.fromEntries(issues.map((i) => [String(i.path[0]), i.message]));
    if (issues.length) return this.focusFirstError();
    this.saving = true;
    try {
      const u = this.user;
      const user =
        this.mode === 'edit' ? await this.api.updateUser(u!.id, body) : this.mode === 'clone' ? await this.api.cloneUser(u!.id, body as never) : await this.api.createUser(body as never);
      this.dispatchEvent(Object.assign(new Event('saved', { bubbles: true, composed: true }), { user, mode: this.mode }));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'seat_limit_reached') {
        this.seatNeeded = true;
        this.errors = {};
        this.banner = error.message;
      } else if (error instanceof ApiError) {
        // Server issues come as ['body', field, …]: the same fields as the form.
        this.errors = Object.fromEntries(error.issues.map((i) => [String(i.path[1] ?? i.path[0]), i.message]));
        this.banner = Object.keys(this.errors).length ? '' : error.message;
        this.focusFirstError();
      } else this.banner = 'The server could not be reached.';
    } finally {
      this.saving = false;
    }
  }

  private async focusFirstError() {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  private set(name: string, value: string | boolean | string[]) {
    this.values = { ...this.values, [name]: value };
  }

  private input(name: string, label: string, options: { type?: string; autocomplete?: string; full?: boolean; disabled?: boolean; hint?: string } = {}) {
    const error = this.errors[name];
    return html`<div class=${options.full ? 'full' : ''}>
      <label for=${name}>${label}</label>
      <input id=${name} name=${name} type=${options.type ?? 'text'} autocomplete=${options.autocomplete ?? 'off'} .value=${String(this.values[name] ?? '')}
        ?disabled=${options.disabled} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${`${name}-error`}
        placeholder=${options.hint ?? ''} @input=${(e: Event) => this.set(name, (e.target as HTMLInputElement).value)} />
      <div class="error" id=${`${name}-error`} role=${error ? 'alert' : nothing}>${error ?? ''}</div>
    </div>`;
  }

  override render() {
    const profile = this.tenant.profile;
    const v = this.values;
    const create = this.mode === 'create';
    return html`<form novalidate @submit=${this.submit}>
      ${create
        ? html`<div><label for="kind">Type</label>
            <select id="kind" .value=${v.kind as string} @change=${(e: Event) => this.set('kind', (e.target as HTMLSelectElement).value)}>
              <option value="technician">Technician</option><option value="end_user">End user</option></select></div>
          ${v.kind === 'end_user'
            ? html`<div><label for="organizationId">Organization</label>
                <select id="organizationId" aria-invalid=${this.errors.organizationId ? 'true' : 'false'} aria-describedby="organizationId-error" .value=${v.organizationId as string}
                  @change=${(e: Event) => this.set('organizationId', (e.target as HTMLSelectElement).value)}>
                  <option value="">Choose…</option>${this.organizations.map((o) => html`<option value=${o.id} ?selected=${o.id === v.organizationId}>${o.name}</option>`)}
                </select><div class="error" id="organizationId-error">${this.errors.organizationId ?? ''}</div></div>`
            : html`<div></div>`}`
        : nothing}
      ${this.input('firstName', 'First name', { autocomplete: 'off' })}
      ${this.input('lastName', 'Last name')}
      ${this.input('email', 'Email', { type: 'email', full: true })}
      ${profile.usernameMode === 'separate' && this.mode !== 'clone'
        ? this.input('username', 'Username', { full: true, disabled: this.mode === 'edit', hint: create ? 'Defaults to the email; cannot be changed later' : '' })
        : nothing}
      ${profile.phoneMode === 'optional' ? this.input('phone', 'Phone (optional)', { type: 'tel', full: true, hint: '+1 888 667 8888' }) : nothing}
      ${this.mode !== 'clone'
        ? html`<div><label for="language">Language</label>
            <select id="language" .value=${v.language as string} @change=${(e: Event) => this.set('language', (e.target as HTMLSelectElement).value)}>
              <option value="en">English</option><option value="de">Deutsch</option><option value="fr">Français</option><option value="es">Español</option>
            </select></div>
          ${v.kind === 'technician'
            ? html`<div><label for="availability">Availability</label>
                <select id="availability" .value=${v.availability as string} @change=${(e: Event) => this.set('availability', (e.target as HTMLSelectElement).value)}>
                  <option value="available">Available</option><option value="out_of_office">Out of office</option></select></div>`
            : html`<div></div>`}`
        : nothing}
      ${create
        ? html`<div class="full"><label id="roles-label">Roles</label>
            <role-picker multiple label="Roles" aria-labelledby="roles-label" .roles=${this.roles} .grantablePermissions=${this.tenant.permissions} .value=${v.roleIds as string[]}
              @change=${(e: Event) => this.set('roleIds', [...(e.target as HTMLElement & { value: string[] }).value])}></role-picker>
            <div class="error" id="roleIds-error">${this.errors.roleIds ?? ''}</div></div>`
        : nothing}
      ${this.banner ? html`<div class="banner" role="alert">${this.banner}</div>` : nothing}
      ${this.seatNeeded
        ? html`<label class="full"><input type="checkbox" style="width:auto" .checked=${this.confirmSeat}
            @change=${(e: Event) => (this.confirmSeat = (e.target as HTMLInputElement).checked)} /> Add a technician seat to the subscription</label>`
        : nothing}
      <div class="actions full">
        <button type="button" @click=${() => this.dispatchEvent(new Event('cancel', { bubbles: true, composed: true }))}>Cancel</button>
        <button type="submit" ?disabled=${this.saving}>${this.saving ? 'Saving…' : create ? 'Add and invite' : this.mode === 'clone' ? 'Clone and invite' : 'Save changes'}</button>
      </div>
    </form>`;
  }
}

defineElement('roster-user-form', RosterUserForm);

declare global {
  interface HTMLElementTagNameMap {
    'roster-user-form': RosterUserForm;
  }
}
