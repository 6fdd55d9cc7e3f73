import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CreateRoleRequestSchema, PatchRoleRequestSchema, toIssues, type Issue, type Organization, type Role, type TenantContext } from '@roster/contract';
import { styles } from './role-editor.styles.js';
import { tokens } from '../internal/theme.styles.js';
import { ApiClient, ApiError, TokenSource, type TokenProvider } from '../internal/api-client.js';
import { LanguageController, localeOf, translate } from '../internal/language.js';
import { loadPermissionWords, permissionSummary, permissionWords } from '../internal/permission-summary.js';
import { RoleSavedEvent } from '../events/role-saved.js';
import { RoleDeletedEvent } from '../events/role-deleted.js';
import type { RoleEditorStrings } from '../translations/index.js';
import { roleEditorEn } from '../translations/role-editor.js';
import { screenWords } from '../translations/screen-words.js';

/** The editor's words in the built-in languages, each loaded with the editor when it is shown in that language. */
const EDITOR_WORDS = {
  de: () => import('../translations/role-editor.de.js').then((m) => m.roleEditorDe),
  ar: () => import('../translations/role-editor.ar.js').then((m) => m.roleEditorAr),
};
import { roleName, rolesEn } from '../translations/roles.js';
import { contractMessage } from '../translations/contract-messages.js';
import { deepActiveElement } from '../internal/focus.js';
import { issuesByField } from '../internal/field-issues.js';
import '../permission-picker/define.js';

/** The role being written: a new one, or a custom one being changed. */
interface Draft {
  role: Role | null;
  name: string;
  description: string;
  permissions: string[];
  organizationIds: string[];
}

/** The fields of the form, as the contract and the server's issues name them (`['body', field, …]`). */
type Field = 'name' | 'description' | 'permissions' | 'organizationIds';
const FIELDS: readonly Field[] = ['name', 'description', 'permissions', 'organizationIds'];
const ALL_ORGANIZATIONS = 'org.access.all';

/**
 * @summary The tenant's roles: the built-in ones read-only, with their permissions; custom ones created, changed and
 * deleted here. A role's permissions are ticked by group with their labels and descriptions; a permission the
 * person does not hold cannot be given or taken away (the contract's grant rule, which the server runs too); a role
 * without "Access every organization" opens the organizations ticked. The server's refusals (a name taken, a role
 * someone holds) are shown where they apply. Reads the person's permissions from `GET /v1/tenant`: without
 * `roles.manage` the list is read-only.
 *
 * @fires role-saved - A custom role was created or changed on the server; `event.role`, `event.created`.
 * @fires role-deleted - A custom role was deleted on the server; `event.role` as it was.
 *
 * @csspart toolbar - The bar above the list: the New role button, the notice, the read-only hint.
 * @csspart notice - The polite notice after a save or a delete.
 * @csspart hint - Why built-in roles (or all roles, for a reader) have no Edit and Delete.
 * @csspart list - The list of roles.
 * @csspart role - Each role (also `role-builtin` for a built-in one).
 * @csspart role-name - A role's name; `badge` the "Built-in" badge.
 * @csspart role-description - A custom role's description.
 * @csspart role-scope - The organizations a role opens.
 * @csspart role-permissions - A role's permissions by group (a disclosure).
 * @csspart role-actions - A custom role's Edit and Delete buttons.
 * @csspart button - Every button (also `button-primary`: New role, Save; `button-danger`: Delete in the confirmation).
 * @csspart loading - The roles loading; `empty` no roles; `error` the roles could not be loaded.
 * @csspart dialog - The form's and the confirmation's dialog: `dialog-title`, `dialog-footer`, `dialog-error`.
 * @csspart form-field - A field of the form: `form-label`, `form-input`, `form-error`.
 * @csspart organizations - The organizations the role opens (a fieldset of checkboxes).
 * @csspart group - The permissions' parts, forwarded from `<permission-picker>`: also `group-name`, `permission`,
 *   `permission-disabled`, `permission-description`, `permission-reason`.
 * @cssproperty --roster-accent - And the other `--roster-*` tokens of docs/theming.md.
 */
export class RoleEditor extends LitElement {
  static override styles = [tokens, styles];

  /** Base URL of the Roster BFF; empty for the page's own origin. */
  @property({ attribute: 'base-url', reflect: true }) baseUrl = '';
  /** A widget token; or set `tokenProvider`. */
  @property({ attribute: false }) token?: string;
  /** Called for a token, again 30 s before it expires, and after a 401. */
  @property({ attribute: false }) tokenProvider?: TokenProvider;

  @state() private roles: Role[] = [];
  @state() private organizations: Organization[] = [];
  @state() private tenant: TenantContext | null = null;
  @state() private loading = false;
  @state() private error: ApiError | null = null;
  @state() private draft: Draft | null = null;
  /** Each field's issues (the contract's, checked here, or the server's). */
  @state() private issues: Partial<Record<Field, Issue[]>> = {};
  /** An error about the whole form or the deletion (the server's message, or the element's when it was not reached). */
  @state() private banner = '';
  @state() private busy = false;
  @state() private deleting: Role | null = null;
  @state() private notice = '';

  private readonly tokens = new TokenSource(() => ({ token: this.token, provider: this.tokenProvider }));
  private readonly api = new ApiClient(() => this.baseUrl, this.tokens, () => localeOf(this));
  private readonly language = new LanguageController(this);
  private controller: AbortController | null = null;
  /** What had the focus when a dialog opened: it gets it back when the dialog closes. */
  private returnFocus: HTMLElement | null = null;

  private get t(): RoleEditorStrings {
    return screenWords(this, 'roleEditor', roleEditorEn, EDITOR_WORDS);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void loadPermissionWords().then(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller?.abort();
    this.tokens.dispose();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has('token') || changed.has('tokenProvider') || changed.has('baseUrl')) && (this.token || this.tokenProvider)) {
      this.tokens.invalidate();
      void this.load();
    }
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog && !dialog.open) dialog.showModal();
  }

  /** Loads the roles, the person's permissions and the organizations a role may open. */
  async load(): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.loading = true;
    this.error = null;
    try {
      const signal = controller.signal;
      const [tenant, roles, organizations] = await Promise.all([
        this.api.tenant(signal),
        this.api.listRoles(signal),
        // Someone without organizations.read edits roles without the organizations list: the server keeps what a role opens.
        this.api.listOrganizations(signal).catch((e: unknown) => {
          if (e instanceof ApiError && e.status === 403) return { items: [] };
          throw e;
        }),
      ]);
      if (signal.aborted) return;
      this.tenant = tenant;
      this.roles = roles.items;
      this.organizations = organizations.items;
    } catch (e) {
      if ((e as Error).name === 'AbortError' || controller.signal.aborted) return;
      this.error = e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e));
    } finally {
      if (this.controller === controller) {
        this.loading = false;
        this.controller = null;
      }
    }
  }

  private get canManage(): boolean {
    return !!this.tenant?.permissions.includes('roles.manage');
  }

  /** A role's name as people read it: a built-in one in the element's language. */
  private nameOf(role: Role): string {
    return roleName(translate(this, 'roles', rolesEn), role);
  }

  private open(draft: Draft | null, deleting: Role | null = null) {
    if ((draft || deleting) && !this.draft && !this.deleting) this.returnFocus = deepActiveElement();
    this.draft = draft;
    this.deleting = deleting;
    this.issues = {};
    this.banner = '';
  }

  /** Closes the dialog and gives the focus back to what opened it, or (that is gone: a deleted role's button) to the toolbar. */
  private async close() {
    this.draft = null;
    this.deleting = null;
    await this.updateComplete;
    const target = this.returnFocus?.isConnected ? this.returnFocus : this.renderRoot.querySelector<HTMLElement>('[part~="toolbar"] button, [part~="list"]');
    this.returnFocus = null;
    target?.focus();
  }

  private openCreate() {
    this.open({ role: null, name: '', description: '', permissions: [], organizationIds: [] });
  }

  private openEdit(role: Role) {
    this.open({ role, name: role.name, description: role.description, permissions: [...role.permissions], organizationIds: [...role.organizationIds] });
  }

  private edit(patch: Partial<Draft>) {
    this.draft = { ...this.draft!, ...patch };
  }

  /**
   * What goes to the server: all of a new role; of a changed one, the fields that changed (so a role keeps an
   * organization the person cannot see, unless they change the organizations).
   */
  private body(d: Draft): Record<string, unknown> {
    const organizationIds = d.permissions.includes(ALL_ORGANIZATIONS) ? [] : d.organizationIds;
    const full = { name: d.name, description: d.description, permissions: d.permissions, organizationIds };
    const before = d.role;
    if (!before) return full;
    const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
    return Object.fromEntries(
      Object.entries(full).filter(([k, v]) => (Array.isArray(v) ? !same(v, before[k as 'permissions' | 'organizationIds']) : v !== before[k as 'name' | 'description'])),
    );
  }

  /** Shows issues by the field they name: `['name']` from the contract's check, `['body', 'name', …]` from the server. */
  private showIssues(issues: readonly Issue[], server: boolean): boolean {
    const byField = (this.issues = issuesByField(issues, FIELDS, server));
    if (Object.keys(byField).length === 0) return false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"], permission-picker[data-invalid]')?.focus());
    return true;
  }

  private async save(e: Event) {
    e.preventDefault();
    const d = this.draft;
    if (!d || this.busy) return;
    this.banner = '';
    const body = this.body(d);
    const check = (d.role ? PatchRoleRequestSchema : CreateRoleRequestSchema).safeParse(body);
    if (!check.success) {
      this.showIssues(toIssues(check.error.issues), false);
      return;
    }
    this.issues = {};
    this.busy = true;
    try {
      const role = d.role ? await this.api.updateRole(d.role.id, body) : await this.api.createRole(body as never);
      this.roles = d.role ? this.roles.map((r) => (r.id === role.id ? role : r)) : [...this.roles, role];
      this.notice = d.role ? this.t.saved(role.name) : this.t.created(role.name);
      await this.close();
      this.dispatchEvent(new RoleSavedEvent(role, !d.role));
    } catch (error) {
      if (error instanceof ApiError && error.status !== 0) {
        if (!this.showIssues(error.issues, true)) this.banner = error.message;
      } else this.banner = this.t.unreachable;
    } finally {
      this.busy = false;
    }
  }

  private async deleteRole(role: Role) {
    if (this.busy) return;
    this.busy = true;
    this.banner = '';
    try {
      await this.api.deleteRole(role.id);
      this.roles = this.roles.filter((r) => r.id !== role.id);
      this.notice = this.t.deleted(role.name);
      await this.close();
      this.dispatchEvent(new RoleDeletedEvent(role));
    } catch (error) {
      // The server refuses to delete a role someone holds: its message says so.
      this.banner = error instanceof ApiError && error.status !== 0 ? error.message : this.t.unreachable;
    } finally {
      this.busy = false;
    }
  }

  private errorMessage(error: ApiError): string {
    const e = this.t.errors;
    if (error.status === 0) return e.network;
    if (error.status === 401) return e.unauthorized;
    if (error.status === 403) return e.forbidden;
    if (error.status >= 500) return e.generic;
    return error.message;
  }

  /** A field's issues in the element's language ('' when none). */
  private issueText(field: Field): string {
    return (this.issues[field] ?? []).map((i) => contractMessage(i, localeOf(this))).join(' ');
  }

  private roleItem(role: Role) {
    const t = this.t;
    const name = this.nameOf(role);
    const id = `role-${role.id}`;
    const all = role.permissions.includes(ALL_ORGANIZATIONS);
    return html`<li part=${role.builtIn ? 'role role-builtin' : 'role'} aria-labelledby=${id}>
      <div class="head">
        <span part="role-name" class="name" id=${id}>${name}</span>
        ${role.builtIn ? html`<span part="badge" class="badge">${t.builtIn}</span>` : nothing}
      </div>
      ${!role.builtIn && role.description ? html`<p part="role-description" class="description">${role.description}</p>` : nothing}
      <div part="role-scope" class="scope">${all ? t.allOrganizations : t.organizationCount(role.organizationIds.length)}</div>
      <details part="role-permissions"><summary>${t.permissionCount(role.permissions.length)}</summary>${permissionSummary(role.permissions, permissionWords(this), localeOf(this))}</details>
      ${!role.builtIn && this.canManage
        ? html`<div part="role-actions" class="actions">
            <button type="button" part="button" aria-label=${t.edit(name)} @click=${() => this.openEdit(role)}>${t.editShort}</button>
            <button type="button" part="button" class="danger-outline" aria-label=${t.delete(name)} @click=${() => this.open(null, role)}>${t.deleteShort}</button>
          </div>`
        : nothing}
    </li>`;
  }

  private content() {
    const t = this.t;
    if (this.error) {
      return html`<div part="error" class="state" role="alert"><strong>${t.errorTitle}</strong> ${this.errorMessage(this.error)}
        <div><button type="button" part="button" @click=${() => this.load()}>${t.retry}</button></div></div>`;
    }
    if (this.loading && this.roles.length === 0) {
      return html`<div part="loading" class="state" role="status"><span class="sr-only">${t.loading}</span>${[0, 1, 2].map(() => html`<div class="skeleton"></div>`)}</div>`;
    }
    if (this.roles.length === 0) return html`<div part="empty" class="state" role="status">${this.tenant ? t.empty : t.loading}</div>`;
    return html`<ul part="list" class="list" aria-label=${this.getAttribute('aria-label') || t.label} tabindex="-1">${this.roles.map((r) => this.roleItem(r))}</ul>`;
  }

  private field(name: 'name' | 'description', label: string) {
    const error = this.issueText(name);
    const value = this.draft![name];
    const input = (e: Event) => this.edit({ [name]: (e.target as HTMLInputElement).value });
    return html`<div part="form-field" class="field">
      <label part="form-label" for=${name}>${label}</label>
      ${name === 'name'
        ? html`<input part="form-input" id="name" type="text" autocomplete="off" .value=${value} aria-invalid=${error ? 'true' : 'false'} aria-describedby="name-error" @input=${input} />`
        : html`<textarea part="form-input" id="description" rows="2" .value=${value} aria-invalid=${error ? 'true' : 'false'} aria-describedby="description-error" @input=${input}></textarea>`}
      <div part="form-error" class="error" id=${`${name}-error`}>${error}</div>
    </div>`;
  }

  private organizationsField(d: Draft) {
    const t = this.t;
    const error = this.issueText('organizationIds');
    if (d.permissions.includes(ALL_ORGANIZATIONS)) return html`<p part="hint" class="hint">${t.organizationsAll}</p>`;
    return html`<fieldset part="organizations" class="organizations" aria-describedby="organizations-hint organizationIds-error">
      <legend part="form-label">${t.organizations}</legend>
      <div class="hint" id="organizations-hint">${this.organizations.length ? t.organizationsHint : t.noOrganizations}</div>
      <div class="choices">
        ${this.organizations.map(
          (o) => html`<label><input type="checkbox" .checked=${d.organizationIds.includes(o.id)}
            @change=${(e: Event) => this.edit({ organizationIds: (e.target as HTMLInputElement).checked ? [...d.organizationIds, o.id] : d.organizationIds.filter((x) => x !== o.id) })} />${o.name}</label>`,
        )}
      </div>
      <div part="form-error" class="error" id="organizationIds-error">${error}</div>
    </fieldset>`;
  }

  private dialog() {
    const t = this.t;
    const d = this.draft;
    const banner = this.banner ? html`<p part="dialog-error" class="dialog-error" role="alert">${this.banner}</p>` : nothing;
    if (this.deleting) {
      const role = this.deleting;
      return html`<dialog part="dialog" aria-labelledby="dialog-title" @cancel=${(e: Event) => (e.preventDefault(), this.close())}>
        <h2 part="dialog-title" id="dialog-title">${t.delete(this.nameOf(role))}</h2>
        <p>${t.confirmDelete(this.nameOf(role))}</p>${banner}
        <div part="dialog-footer" class="footer">
          <button type="button" part="button" @click=${() => this.close()}>${t.cancel}</button>
          <button type="button" part="button button-danger" class="danger" ?disabled=${this.busy} @click=${() => this.deleteRole(role)}>${this.busy ? t.deleting : t.deleteShort}</button>
        </div>
      </dialog>`;
    }
    if (!d) return nothing;
    const permissionsError = this.issueText('permissions');
    return html`<dialog part="dialog" aria-labelledby="dialog-title" @cancel=${(e: Event) => (e.preventDefault(), this.close())}>
      <form novalidate @submit=${this.save}>
        <h2 part="dialog-title" id="dialog-title">${d.role ? t.editTitle(this.nameOf(d.role)) : t.createTitle}</h2>
        ${this.field('name', t.name)} ${this.field('description', t.description)}
        <div part="form-field" class="field">
          <div part="form-label" class="label" id="permissions-label">${t.permissions}</div>
          <permission-picker exportparts="group, group-name, permission, permission-disabled, permission-description, permission-reason" label=${t.permissions}
            .value=${d.permissions} .grantablePermissions=${this.tenant?.permissions ?? []} ?data-invalid=${!!permissionsError}
            @change=${(e: Event) => this.edit({ permissions: [...(e.target as HTMLElement & { value: string[] }).value] })}></permission-picker>
          <div part="form-error" class="error" id="permissions-error" role=${permissionsError ? 'alert' : nothing}>${permissionsError}</div>
        </div>
        ${this.organizationsField(d)} ${banner}
        <div part="dialog-footer" class="footer">
          <button type="button" part="button" @click=${() => this.close()}>${t.cancel}</button>
          <button type="submit" part="button button-primary" class="primary" ?disabled=${this.busy}>${this.busy ? t.saving : d.role ? t.save : t.create}</button>
        </div>
      </form>
    </dialog>`;
  }

  override render() {
    const t = this.t;
    return html`<div part="toolbar" class="toolbar">
        ${this.canManage ? html`<button type="button" part="button button-primary" class="primary" @click=${() => this.openCreate()}>${t.newRole}</button>` : nothing}
        <span part="hint" class="hint">${this.tenant ? (this.canManage ? t.builtInReadOnly : t.readOnly) : ''}</span>
        <span part="notice" class="notice" role="status">${this.notice}</span>
      </div>
      ${this.content()} ${this.dialog()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'role-editor': RoleEditor;
  }
}
