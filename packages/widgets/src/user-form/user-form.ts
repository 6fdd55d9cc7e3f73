import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { availabilities, availableSignInMethods, choosesSignInMethod, createUserSchema, defaultSignInMethodOf, emailRulesReady, isAvailableSignInMethod, languages, patchUserSchema, toIssues, userKinds, type Issue, type Organization, type Role, type TenantContext, type User } from '@roster/contract';
import { ApiError, type ApiClient } from '../internal/api-client.js';
import { UserSavedEvent } from '../events/user-saved.js';
import type { UserFormStrings } from '../translations/index.js';
import { userFormEn } from '../translations/user-form.js';
import { signInMethodWords } from '../translations/sign-in-methods.js';
import { LanguageController, localeOf, translate } from '../internal/language.js';
import { contractMessage } from '../translations/contract-messages.js';
import { styles } from './user-form.styles.js';
import { tokens } from '../internal/theme.styles.js';
import '../role-picker/define.js';

type MetadataJson = Parameters<typeof createUserSchema>[1];

export type UserFormMode = 'create' | 'edit' | 'clone';
type Values = Record<string, string | boolean | string[]>;

let phoneMetadata: Promise<MetadataJson> | undefined;
/** Phone rules need libphonenumber metadata (≈ 40 KB gzip): loaded only when a phone is typed. */
const loadPhoneMetadata = () => (phoneMetadata ??= import('@roster/contract/phone-metadata').then((m) => m.phoneMetadata));
const NO_PHONE_METADATA = {} as MetadataJson;

/**
 * @summary The add / edit / clone form of <user-table>, loaded on first use. Validates with the contract's
 * schemas for the tenant's profile, the very ones the server runs, and shows each error by its field. Speaks the
 * language of its page (`lang`), as its siblings do; field errors are the contract's messages (the rules run here and
 * the server's), shown in that language too.
 * @fires saved - The server accepted the change; `event.user` and `event.mode`.
 * @fires cancel - The person closed the form.
 * @csspart form - The form.
 * @csspart form-field - A field: its label, control and error.
 * @csspart form-label - A field's label.
 * @csspart form-input - A field's input or select.
 * @csspart form-error - A field's error message.
 * @csspart form-banner - An error about the whole form (the server's).
 * @csspart form-footer - The Cancel and submit buttons.
 * @csspart button - Each button (also `button-primary`: submit).
 * @csspart role-search - `<role-picker>`'s parts, forwarded: also `role-list`, `role-option`, `role-reason`.
 * @cssproperty --roster-accent - And the other `--roster-*` tokens of docs/theming.md.
 */
export class RosterUserForm extends LitElement {
  static override styles = [tokens, styles];


  @property({ attribute: false }) api!: ApiClient;
  @property({ attribute: false }) tenant!: TenantContext;
  @property({ attribute: false }) organizations: Organization[] = [];
  @property({ attribute: false }) roles: Role[] = [];
  @property({ attribute: false }) user?: User;
  @property() mode: UserFormMode = 'create';
  /** Edit the person only (names, email, username, phone): a user's page edits the settings in their own tab. */
  @property({ type: Boolean, attribute: 'person-only' }) personOnly = false;

  @state() private values: Values = {};
  /** Each field's issue, shown in the element's language when it has a message id. */
  @state() private errors: Record<string, Issue> = {};
  @state() private banner = '';
  @state() private saving = false;
  /** The server said all technician seats are taken: offer to add one. */
  @state() private seatNeeded = false;
  @state() private confirmSeat = false;

  private readonly language = new LanguageController(this);

  private get t(): UserFormStrings {
    return translate(this, 'userForm', userFormEn);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.reset(this.user);
  }

  /** Starts over from `user` as saved: its values, no errors (Cancel on a user's page, or the user changed elsewhere). */
  reset(user = this.user): void {
    this.user = user;
    this.errors = {};
    this.banner = '';
    const u = user;
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
      // Empty: the profile's default, read when shown (the tenant may arrive after the form is connected).
      signInMethod: '',
    };
  }

  /** The method chosen, else the profile's default where it may be chosen, else the first that may. */
  private method(): string {
    const method = (this.values.signInMethod as string) || defaultSignInMethodOf(this.tenant.profile);
    return isAvailableSignInMethod(method) ? method : availableSignInMethods[0];
  }

  /** A new user's sign-in method is chosen here (technicians; end users where the profile requires a second factor). */
  private choosesMethod(): boolean {
    return this.mode === 'create' && choosesSignInMethod(this.tenant.profile, this.values.kind as User['kind']);
  }

  /** The body the server expects for this mode, built from the form's values. */
  private body(): Record<string, unknown> {
    const v = this.values;
    const profile = this.tenant.profile;
    const person: Record<string, unknown> = { firstName: v.firstName, lastName: v.lastName, email: v.email };
    if (profile.phoneMode !== 'hidden') person.phone = (v.phone as string).trim() || null;
    if (this.mode === 'clone' || (this.mode === 'edit' && this.personOnly)) return person;
    const settings: Record<string, unknown> = { language: v.language };
    if (v.kind === 'technician') settings.availability = v.availability;
    if (this.mode === 'edit') return { ...person, ...settings };
    return {
      kind: v.kind,
      ...(v.kind === 'end_user' ? { organizationId: v.organizationId || null } : {}),
      ...person,
      ...(profile.usernameMode === 'separate' && (v.username as string).trim() ? { username: v.username } : {}),
      roleIds: v.roleIds,
      ...(this.choosesMethod() ? { signInMethod: this.method() } : {}),
      ...(this.confirmSeat ? { confirmAddSeat: true } : {}),
      ...settings,
    };
  }

  private async validate(body: Record<string, unknown>): Promise<Issue[]> {
    const needsPhone = typeof body.phone === 'string' && body.phone !== '';
    // Both load on first need: phone metadata for a phone, the confusables check for an address beyond ASCII.
    const [metadata] = await Promise.all([needsPhone ? loadPhoneMetadata() : NO_PHONE_METADATA, typeof body.email === 'string' ? emailRulesReady(body.email) : undefined]);
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
    let issues: Issue[];
    try {
      issues = await this.validate(body);
    } catch {
      // The phone metadata or the confusables check could not be downloaded: the rules cannot run.
      this.banner = this.t.unreachable;
      return;
    }
    this.errors = Object.fromEntries(issues.map((i) => [String(i.path[0]), i]));
    if (issues.length) return this.focusFirstError();
    this.saving = true;
    try {
      const u = this.user;
      const user =
        this.mode === 'edit' ? await this.api.updateUser(u!.id, body) : this.mode === 'clone' ? await this.api.cloneUser(u!.id, body as never) : await this.api.createUser(body as never);
      this.dispatchEvent(new UserSavedEvent(user, this.mode));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'seat_limit_reached') {
        this.seatNeeded = true;
        this.errors = {};
        this.banner = error.message;
      } else if (error instanceof ApiError && error.status !== 0) {
        // Server issues come as ['body', field, …]: the same fields as the form.
        this.errors = Object.fromEntries(error.issues.map((i) => [String(i.path[1] ?? i.path[0]), i]));
        this.banner = Object.keys(this.errors).length ? '' : error.message;
        this.focusFirstError();
      } else this.banner = this.t.unreachable;
    } finally {
      this.saving = false;
    }
  }

  private async focusFirstError() {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  /** A field's error in the element's language ('' when none). */
  private errorText(name: string): string {
    const issue = this.errors[name];
    return issue ? contractMessage(issue, localeOf(this)) : '';
  }

  private set(name: string, value: string | boolean | string[]) {
    this.values = { ...this.values, [name]: value };
  }

  private input(name: string, label: string, options: { type?: string; autocomplete?: string; full?: boolean; disabled?: boolean; hint?: string } = {}) {
    const error = this.errorText(name);
    return html`<div part="form-field" class=${options.full ? 'full' : ''}>
      <label part="form-label" for=${name}>${label}</label>
      <input part="form-input" id=${name} name=${name} type=${options.type ?? 'text'} autocomplete=${options.autocomplete ?? 'off'} .value=${String(this.values[name] ?? '')}
        ?disabled=${options.disabled} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${`${name}-error`}
        placeholder=${options.hint ?? ''} @input=${(e: Event) => this.set(name, (e.target as HTMLInputElement).value)} />
      <div part="form-error" class="error" id=${`${name}-error`} role=${error ? 'alert' : nothing}>${error ?? ''}</div>
    </div>`;
  }

  /** The sign-in method as radio buttons, each with a line on what the person will use. */
  private methodChoice() {
    const t = signInMethodWords(this);
    const error = this.errorText('signInMethod');
    const chosen = this.method();
    return html`<fieldset part="form-field" class="full methods" aria-describedby="signInMethod-error"><legend part="form-label">${t.label}</legend>
      ${availableSignInMethods.map((m) => html`<label class="method"><input type="radio" name="signInMethod" value=${m} .checked=${chosen === m}
          aria-invalid=${error ? 'true' : 'false'} aria-describedby=${`method-${m}`} @change=${() => this.set('signInMethod', m)} />
        <span>${t.methods[m].name}</span><small id=${`method-${m}`}>${t.methods[m].hint}</small></label>`)}
      <div part="form-error" class="error" id="signInMethod-error" role=${error ? 'alert' : nothing}>${error}</div>
    </fieldset>`;
  }

  override render() {
    const t = this.t;
    const profile = this.tenant.profile;
    const v = this.values;
    const create = this.mode === 'create';
    return html`<form part="form" novalidate @submit=${this.submit}>
      ${create
        ? html`<div part="form-field"><label part="form-label" for="kind">${t.kind}</label>
            <select part="form-input" id="kind" .value=${v.kind as string} @change=${(e: Event) => this.set('kind', (e.target as HTMLSelectElement).value)}>
              ${userKinds.map((k) => html`<option value=${k} ?selected=${k === v.kind}>${t.kinds[k]}</option>`)}</select></div>
          ${v.kind === 'end_user'
            ? html`<div part="form-field"><label part="form-label" for="organizationId">${t.organization}</label>
                <select part="form-input" id="organizationId" aria-invalid=${this.errors.organizationId ? 'true' : 'false'} aria-describedby="organizationId-error" .value=${v.organizationId as string}
                  @change=${(e: Event) => this.set('organizationId', (e.target as HTMLSelectElement).value)}>
                  <option value="">${t.chooseOrganization}</option>${this.organizations.map((o) => html`<option value=${o.id} ?selected=${o.id === v.organizationId}>${o.name}</option>`)}
                </select><div part="form-error" class="error" id="organizationId-error">${this.errorText('organizationId')}</div></div>`
            : html`<div></div>`}`
        : nothing}
      ${this.input('firstName', t.firstName, { autocomplete: 'off' })}
      ${this.input('lastName', t.lastName)}
      ${this.input('email', t.email, { type: 'email', full: true })}
      ${profile.usernameMode === 'separate' && this.mode !== 'clone'
        ? this.input('username', t.username, { full: true, disabled: this.mode === 'edit', hint: create ? t.usernameHint : '' })
        : nothing}
      ${profile.phoneMode === 'optional' ? this.input('phone', t.phone, { type: 'tel', full: true, hint: t.phoneHint }) : nothing}
      ${this.mode !== 'clone' && !(this.mode === 'edit' && this.personOnly)
        ? html`<div part="form-field"><label part="form-label" for="language">${t.language}</label>
            <select part="form-input" id="language" .value=${v.language as string} @change=${(e: Event) => this.set('language', (e.target as HTMLSelectElement).value)}>
              ${languages.map((l) => html`<option value=${l} ?selected=${l === v.language}>${t.languages[l]}</option>`)}
            </select></div>
          ${v.kind === 'technician'
            ? html`<div part="form-field"><label part="form-label" for="availability">${t.availability}</label>
                <select part="form-input" id="availability" .value=${v.availability as string} @change=${(e: Event) => this.set('availability', (e.target as HTMLSelectElement).value)}>
                  ${availabilities.map((a) => html`<option value=${a} ?selected=${a === v.availability}>${t.availabilities[a]}</option>`)}</select></div>`
            : html`<div></div>`}`
        : nothing}
      ${create
        ? html`<div part="form-field" class="full"><label part="form-label" id="roles-label">${t.roles}</label>
            <role-picker exportparts="search: role-search, list: role-list, option: role-option, option-reason: role-reason" ?multiple=${this.tenant.profile.rolesPerUser !== 'one'} ?required=${this.tenant.profile.rolesPerUser === 'one'} label=${t.roles} aria-labelledby="roles-label" .roles=${this.roles} .grantablePermissions=${this.tenant.permissions} .value=${v.roleIds as string[]}
              @change=${(e: Event) => this.set('roleIds', [...(e.target as HTMLElement & { value: string[] }).value])}></role-picker>
            <div part="form-error" class="error" id="roleIds-error">${this.errorText('roleIds')}</div></div>`
        : nothing}
      ${this.choosesMethod() ? this.methodChoice() : nothing}
      ${this.banner ? html`<div part="form-banner" class="banner" role="alert">${this.banner}</div>` : nothing}
      ${this.seatNeeded
        ? html`<label class="full seat"><input type="checkbox" .checked=${this.confirmSeat}
            @change=${(e: Event) => (this.confirmSeat = (e.target as HTMLInputElement).checked)} /> ${t.addSeat}</label>`
        : nothing}
      <div part="form-footer" class="actions full">
        <button type="button" part="button" @click=${() => this.dispatchEvent(new Event('cancel', { bubbles: true, composed: true }))}>${t.cancel}</button>
        <button type="submit" part="button button-primary" ?disabled=${this.saving}>${this.saving ? t.saving : t.submit[this.mode]}</button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'roster-user-form': RosterUserForm;
  }
}
