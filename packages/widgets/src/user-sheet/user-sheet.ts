import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { availableSignInMethods, type AccessGroup, type AttributeValues, type AuditEvent, type Organization, type Role, type SignInMethod, type TenantContext, type User, type UserDetail } from '@roster/contract';
import { ApiError, type ApiClient } from '../internal/api-client.js';
import { UserChangedEvent, type UserChange } from '../events/user-changed.js';
import { LanguageController, localeOf, translate } from '../internal/language.js';
import { tokens } from '../internal/theme.styles.js';
import { actionsFor, can, type Action } from '../user-table/actions.js';
import type { UserAction } from '../internal/endpoints.js';
import type { UserSheetStrings } from '../translations/index.js';
import { userSheetEn } from '../translations/user-sheet.js';
import { screenWords } from '../translations/screen-words.js';
import { userTableEn } from '../translations/user-table.js';
import { userDialogsEn } from '../translations/user-dialogs.js';
import { signInMethodWords } from '../translations/sign-in-methods.js';
import { roleName, rolesEn } from '../translations/roles.js';
import { styles } from './user-sheet.styles.js';
import { deepActiveElement } from '../internal/focus.js';
import { copyText } from '../internal/clipboard.js';
import { renderAccess, type AccessDraft } from './access-tab.js';
import { renderSettings, settingsDraftOf, type SettingsDraft } from './settings-tab.js';

export type SheetTab = 'general' | 'access' | 'settings' | 'status' | 'attributes' | 'history';
const TABS: SheetTab[] = ['general', 'access', 'settings', 'status', 'attributes', 'history'];

/** What a user's page asks to confirm: the lifecycle actions that change a person's access. */
type Lifecycle = Exclude<Action, 'edit' | 'roles' | 'clone'>;
const CHANGE_OF: Partial<Record<Lifecycle, UserChange>> = { deactivate: 'user-deactivated', activate: 'user-activated', delete: 'user-deleted', 'resend-invitation': 'invitation-resent' };
const DANGER: ReadonlySet<Action> = new Set<Action>(['deactivate', 'delete', 'reset-password', 'reset-mfa']);
/** The page's words in the built-in languages, each loaded with the page when it is shown in that language. */
const SHEET_WORDS = {
  de: () => import('../translations/user-sheet.de.js').then((m) => m.userSheetDe),
  ar: () => import('../translations/user-sheet.ar.js').then((m) => m.userSheetAr),
};
/** Formats a stored phone for reading; loaded (with the phone metadata the form uses too) the first time a page shows a phone. */
let readPhone: ((e164: string) => string) | undefined;
const loadPhoneReader = async () => {
  readPhone = (await import('@roster/contract/phone-metadata')).phoneForReading;
};
const FORM_PARTS = 'form, form-field, form-label, form-input, form-error, form-banner, form-footer, button, button-primary';

export type { UserDetail };

/**
 * @summary A user's page: the side sheet `<user-table>` opens on a row (a full-window dialog on a phone). Tabs as
 * the seed consoles group them — General, Access, Settings (display, notifications, security), Status, Attributes (the
 * tenant's custom attributes, `<roster-user-attributes>` loaded with the tab), History —
 * and every lifecycle action that applies, each confirmed with its consequence and reported in a polite live region.
 * Loaded on first use; fires the user-changed events (`user-updated`, `user-deactivated`, …) once the server confirms.
 * @fires close - The person closed the sheet.
 * @fires user-updated - And the other user-changed events of `<user-table>`.
 * @csspart sheet - The sheet (a `<dialog>`); `sheet-header`, `sheet-title`, `sheet-actions`, `tabs`, `tab`, `tab-panel`,
 *   `notice`, `confirm`, `phone` (the phone number, a `tel:` link), `email-suppressed` (the warning that mail to the
 *   address bounced, with `remove-suppression`), `test-email` (the *Send test email* button) inside it.
 */
export class RosterUserSheet extends LitElement {
  static override styles = [tokens, styles];

  @property({ attribute: false }) api!: ApiClient;
  @property({ attribute: false }) tenant!: TenantContext;
  @property({ attribute: false }) roles: Role[] = [];
  @property({ attribute: false }) organizations: Organization[] = [];
  @property({ attribute: 'user-id' }) userId = '';
  @property() tab: SheetTab = 'general';
  /** Told of every change the server confirmed (the table updates its row); the events go to the host as well. */
  @property({ attribute: false }) changed?: (change: UserChange, user: User) => void;

  @state() private user: UserDetail | null = null;
  @state() private loadError = '';
  @state() private notice: { text: string; bad?: boolean } | null = null;
  @state() private confirming: Lifecycle | 'signInMethod' | null = null;
  /** The sign-in method chosen in the confirmation of a change. */
  @state() private method: SignInMethod = 'totp';
  /** The caller's own user id once known ('' for an integration): one's own method is not chosen here. */
  @state() private meId: string | null = null;
  private meAsked = false;
  @state() private busy = false;
  @state() private seatNeeded = false;
  @state() private cloning = false;
  /** The "View as" dialog is open (its element is a chunk of its own, loaded on first use). */
  @state() private viewingAs = false;
  /** The person's fields are being edited (the add/edit form, loaded on first use). */
  @state() private editing = false;
  @state() private groups: AccessGroup[] | null = null;
  @state() private access: AccessDraft | null = null;
  @state() private settings: SettingsDraft | null = null;
  @state() private issues: Record<string, string> = {};
  /** The History tab's module, once its tab was opened. */
  @state() private historyTab: typeof import('./history-tab.js') | null = null;
  @state() private history: { items: AuditEvent[]; next: string | null; loading: boolean; error: string } = { items: [], next: null, loading: false, error: '' };
  /** Who did what in the history: a user's name by id, looked up once. */
  @state() private actors = new Map<string, string>();

  private readonly language = new LanguageController(this);
  private returnFocus: Element | null = null;

  private get t(): UserSheetStrings {
    return screenWords(this, 'userSheet', userSheetEn, SHEET_WORDS);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.returnFocus = deepActiveElement();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    const back = this.returnFocus;
    if (back instanceof HTMLElement && back.isConnected) back.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('userId') && this.userId) void this.load();
  }

  protected override updated(): void {
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog && !dialog.open) dialog.showModal();
  }

  private async load(): Promise<void> {
    const id = this.userId;
    this.loadError = '';
    this.user = null;
    this.history = { items: [], next: null, loading: false, error: '' };
    try {
      const [user] = await Promise.all([
        this.api.call('GET /v1/users/:id', { params: { id } }),
        this.groups ? null : this.api.listAccessGroups().then((g) => (this.groups = g.items), () => (this.groups = [])),
      ]);
      if (id !== this.userId) return;
      this.show(user);
      if (this.tab === 'history') void this.loadHistory(false);
    } catch (e) {
      if (id === this.userId) this.loadError = this.messageOf(e);
    }
  }

  /** The user as the server has them now, and fresh drafts of the tabs' forms. */
  private show(user: UserDetail) {
    this.user = user;
    if (user.phone && !readPhone) void loadPhoneReader().then(() => this.requestUpdate(), () => undefined);
    this.settings = settingsDraftOf(user);
    this.issues = {};
    this.access = {
      roleIds: user.roles.map((r) => r.id),
      permissions: [...user.explicitPermissions],
      groupIds: [...user.accessGroupIds],
      allModules: user.allModules,
    };
  }

  private messageOf(e: unknown): string {
    return e instanceof ApiError && e.status !== 0 ? e.message : this.t.unreachable;
  }

  private announce(change: UserChange, user: User) {
    this.changed?.(change, user);
    this.dispatchEvent(new UserChangedEvent(change, user));
  }

  private say(text: string, bad = false) {
    this.notice = { text, bad };
  }

  private close = () => this.dispatchEvent(new Event('close'));

  // ---------- actions ----------

  private ask(action: Lifecycle | 'signInMethod') {
    this.notice = null;
    this.seatNeeded = false;
    this.confirming = action;
    if (action === 'signInMethod') {
      this.method = this.otherMethods(this.user!)[0]!;
      const { signInMethod: _, ...rest } = this.issues;
      this.issues = rest;
    }
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part="confirm"] :is(input:checked, button)')?.focus());
  }

  /** The methods the user could change to: those that may be chosen, but theirs. */
  private otherMethods(u: User): SignInMethod[] {
    return availableSignInMethods.filter((m) => m !== u.signInMethod);
  }

  /**
   * Whether the caller may choose the user's sign-in method here, as the server's `assertMayChooseSignInMethod` says:
   * users.write (end users: end_users.write too), and never the Root Admin's (only the Root Admin chooses theirs) nor
   * one's own (that needs fresh proof, which the account panel asks for). Hidden until the caller's id is known.
   */
  private mayChooseMethod(u: UserDetail): boolean {
    if (!(can(this.tenant, 'users.write') || (u.kind === 'end_user' && can(this.tenant, 'end_users.write'))) || u.isRootAdmin || !this.otherMethods(u).length) return false;
    if (!this.meAsked) {
      this.meAsked = true;
      this.api.call('GET /v1/auth/me', {}).then((me) => (this.meId = me.id), () => (this.meId = ''));
    }
    return this.meId !== null && this.meId !== u.id;
  }

  private async changeMethod(u: UserDetail) {
    const name = signInMethodWords(this).methods[this.method].name;
    if (await this.patch({ signInMethod: this.method }, this.t.methodChanged(this.name(u), name))) this.confirming = null;
  }

  private async run(action: Lifecycle, addSeat = false) {
    const user = this.user!;
    this.busy = true;
    try {
      if (action === 'delete') {
        await this.api.deleteUser(user.id);
        this.announce('user-deleted', user);
        this.dispatchEvent(new CustomEvent('notice', { detail: this.t.doneNotice.delete }));
        this.close();
        return;
      }
      const updated = await this.api.userAction(user.id, action as UserAction, action === 'activate' ? (addSeat ? { confirmAddSeat: true } : {}) : undefined);
      this.confirming = null;
      this.seatNeeded = false;
      this.show({ ...this.user!, ...updated });
      this.announce(CHANGE_OF[action] ?? 'user-updated', updated);
      this.say(this.t.doneNotice[action]);
    } catch (e) {
      this.seatNeeded = e instanceof ApiError && e.code === 'seat_limit_reached';
      this.say(this.t.failed(this.messageOf(e)), true);
      this.suppressedMeanwhile(e);
    } finally {
      this.busy = false;
    }
  }

  /** A refusal because the address is on the suppression list: the page shows the suppression (read again). */
  private suppressedMeanwhile(e: unknown) {
    if (!(e instanceof ApiError) || e.code !== 'email_suppressed') return;
    const id = this.userId;
    void this.api.call('GET /v1/users/:id', { params: { id } }).then(
      (fresh) => {
        if (id === this.userId && this.user) this.user = { ...this.user, emailSuppression: fresh.emailSuppression ?? null };
      },
      () => undefined,
    );
  }

  /** A test email to the user's address through the outbox (seed 004: check an address before relying on it). */
  private async sendTestEmail() {
    const u = this.user!;
    this.busy = true;
    try {
      await this.api.call('POST /v1/users/:id/test-email', { params: { id: u.id } });
      this.say(this.t.testEmailSent(u.email));
    } catch (e) {
      this.say(this.t.failed(this.messageOf(e)), true);
      this.suppressedMeanwhile(e);
    } finally {
      this.busy = false;
    }
  }

  /** The person fixed their mailbox: their address leaves the suppression list, and email reaches them again. */
  private async removeSuppression() {
    const u = this.user!;
    this.busy = true;
    try {
      await this.api.call('DELETE /v1/email-suppressions/:address', { params: { address: u.email } });
      this.user = { ...u, emailSuppression: null };
      this.say(this.t.suppressionRemoved);
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part~="test-email"]')?.focus());
    } catch (e) {
      this.say(this.t.failed(this.messageOf(e)), true);
    } finally {
      this.busy = false;
    }
  }

  /** Saves a part of the user (settings, availability, sign-in method): the contract's rules run on the server and name the field. */
  private async patch(body: Record<string, unknown>, done = this.t.doneNotice.saved): Promise<boolean> {
    this.busy = true;
    this.issues = {};
    try {
      const updated = await this.api.updateUser(this.user!.id, body);
      this.show({ ...this.user!, ...updated });
      this.announce('user-updated', updated);
      this.say(done);
      return true;
    } catch (e) {
      if (e instanceof ApiError) this.issues = Object.fromEntries(e.issues.map((i) => [i.path.slice(1).join('.'), i.message]));
      this.say(this.t.failed(this.messageOf(e)), true);
      return false;
    } finally {
      this.busy = false;
    }
  }

  private async saveRoles() {
    const { roleIds, permissions } = this.access!;
    this.busy = true;
    try {
      const updated = await this.api.call('PUT /v1/users/:id/roles', { params: { id: this.user!.id }, body: { roleIds, permissions: permissions as never } });
      this.show(updated);
      this.announce('user-updated', updated);
      this.say(this.t.doneNotice.saved);
    } catch (e) {
      this.say(this.t.failed(this.messageOf(e)), true);
    } finally {
      this.busy = false;
    }
  }

  private async saveGroups() {
    const { groupIds, allModules } = this.access!;
    this.busy = true;
    try {
      const modules = await this.api.call('PUT /v1/users/:id/access-groups', { params: { id: this.user!.id }, body: { groupIds, allModules } });
      this.show({ ...this.user!, accessGroupIds: modules.groups.map((g) => g.id), allModules: modules.allModules });
      this.announce('user-updated', this.user!);
      this.say(this.t.doneNotice.saved);
    } catch (e) {
      this.say(this.t.failed(this.messageOf(e)), true);
    } finally {
      this.busy = false;
    }
  }

  private async loadHistory(more: boolean) {
    if (!can(this.tenant, 'audit.read') || this.history.loading) return;
    const id = this.userId;
    this.history = { ...this.history, loading: true, error: '' };
    try {
      const page = await this.api.call('GET /v1/audit-events', { query: { targetId: id, limit: '20', cursor: more ? this.history.next ?? undefined : undefined } });
      if (id !== this.userId) return;
      this.history = { items: more ? [...this.history.items, ...page.items] : page.items, next: page.nextCursor, loading: false, error: '' };
      void this.lookUpActors(page.items);
    } catch (e) {
      this.history = { ...this.history, loading: false, error: this.messageOf(e) };
    }
  }

  /** The names of the people in the history (one request per person not seen yet; someone deleted stays unnamed). */
  private async lookUpActors(items: AuditEvent[]) {
    const ids = [...new Set(items.filter((e) => e.actorType === 'user' && e.actorId && !this.actors.has(e.actorId)).map((e) => e.actorId!))];
    const found = await Promise.all(ids.map((id) => this.api.call('GET /v1/users/:id', { params: { id } }).then((u) => [id, `${u.firstName} ${u.lastName}`] as const, () => [id, ''] as const)));
    if (found.length) this.actors = new Map([...this.actors, ...found]);
  }

  private selectTab(tab: SheetTab, focus = false) {
    this.tab = tab;
    this.notice = null;
    if (tab === 'history' && this.history.items.length === 0) void this.loadHistory(false);
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${tab}`)?.focus());
  }

  /** The ARIA tabs pattern: arrows move between tabs (and select them), Home and End to the first and last. */
  private tabKeydown(e: KeyboardEvent) {
    const at = TABS.indexOf(this.tab);
    const rtl = getComputedStyle(this).direction === 'rtl';
    const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[e.key];
    const next = step !== undefined ? (at + step + TABS.length) % TABS.length : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    this.selectTab(TABS[next]!, true);
  }

  private async copy(text: string) {
    // Refused (no permission, not a secure context): the value stays on screen to select by hand.
    if (await copyText(text)) this.say(this.t.copied);
  }

  // ---------- rendering ----------

  private badge(kind: string, label: string) {
    return html`<span part="badge badge-${kind}" class="badge ${kind}">${label}</span>`;
  }

  private name(u: User) {
    return `${u.firstName} ${u.lastName}`;
  }

  private actionBar(u: UserDetail) {
    const t = this.t;
    const label = (a: Action) => translate(this, 'userDialogs', userDialogsEn).actions[a];
    const list = actionsFor(this.tenant, u).filter((a) => a !== 'edit' && a !== 'roles');
    // "View as": only where the server would start it (users.impersonate, an active end user); hidden otherwise.
    const viewAs = can(this.tenant, 'users.impersonate') && u.kind === 'end_user' && u.status === 'active';
    if (!list.length && !viewAs) return nothing;
    return html`<div part="sheet-actions" class="actions" role="group" aria-label=${t.actions}>
      ${list.map((a) => html`<button type="button" part=${DANGER.has(a) ? 'button button-danger' : 'button'} class=${DANGER.has(a) ? 'danger-outline' : ''} ?disabled=${this.busy}
        @click=${() => (a === 'clone' ? this.clone() : this.ask(a as Lifecycle))}>${label(a)}</button>`)}
      ${viewAs ? html`<button type="button" part="button view-as" aria-haspopup="dialog" @click=${() => import('../view-as/define.js').then(() => (this.viewingAs = true))}>${t.viewAs}</button>` : nothing}
      ${this.viewingAs ? html`<roster-view-as .api=${this.api} .user=${u} @view-as-close=${() => (this.viewingAs = false)}></roster-view-as>` : nothing}
    </div>`;
  }

  private confirmPanel(u: UserDetail) {
    const a = this.confirming;
    if (!a) return nothing;
    const t = this.t;
    const c = t.consequences;
    const profile = this.tenant.profile;
    const name = this.name(u);
    if (a === 'signInMethod') {
      const words = signInMethodWords(this).methods;
      return html`<div part="confirm" class="confirm" role="group" aria-labelledby="confirm-title"><h3 id="confirm-title">${t.changeMethod}</h3>
        <fieldset><legend>${t.newMethod}</legend>${this.otherMethods(u).map((m) => html`<label class="check"><input type="radio" name="method" .checked=${this.method === m} aria-describedby=${`method-${m}`}
          @change=${() => (this.method = m)} /><span>${words[m].name}<small class="hint" id=${`method-${m}`}>${words[m].hint}</small></span></label>`)}</fieldset>
        <p>${c.signInMethod(name, words[this.method].name)}</p>${this.issues.signInMethod ? html`<p class="error">${this.issues.signInMethod}</p>` : nothing}
        <div class="row"><button type="button" part="button" @click=${() => (this.confirming = null)}>${t.cancel}</button>
          <button type="button" part="button button-danger" class="danger" ?disabled=${this.busy} @click=${() => this.changeMethod(u)}>${t.changeMethod}</button></div></div>`;
    }
    const extra = a === 'deactivate' && profile.deactivationUnassignsTickets ? c.deactivateTickets : a === 'activate' && profile.reactivationRequiresCredentialReset ? c.activateReset : '';
    return html`<div part="confirm" class="confirm" role="group" aria-labelledby="confirm-title">
      <h3 id="confirm-title">${t.confirmTitle}</h3>
      <p>${c[a](name)}</p>${extra ? html`<p><strong>${extra}</strong></p>` : nothing}
      <div class="row">
        <button type="button" part="button" @click=${() => (this.confirming = null)}>${t.cancel}</button>
        ${this.seatNeeded && a === 'activate'
          ? html`<button type="button" part="button button-primary" class="primary" ?disabled=${this.busy} @click=${() => this.run('activate', true)}>${t.addSeatAndActivate}</button>`
          : html`<button type="button" part=${DANGER.has(a) ? 'button button-danger' : 'button button-primary'} class=${DANGER.has(a) ? 'danger' : 'primary'} ?disabled=${this.busy}
              @click=${() => this.run(a)}>${translate(this, 'userDialogs', userDialogsEn).actions[a]}</button>`}
      </div>
    </div>`;
  }

  private general(u: UserDetail) {
    const t = this.t;
    const tt = translate(this, 'userTable', userTableEn);
    const org = u.organizationId ? this.organizations.find((o) => o.id === u.organizationId) : undefined;
    return html`${this.editing
        ? html`<roster-user-form exportparts=${FORM_PARTS} mode="edit" person-only .api=${this.api} .tenant=${this.tenant} .organizations=${this.organizations} .roles=${this.roles} .user=${u}
            @cancel=${() => (this.editing = false)}
            @saved=${(e: Event & { user: User }) => {
              this.editing = false;
              this.show({ ...u, ...e.user });
              this.announce('user-updated', e.user);
              this.say(this.t.doneNotice.saved);
            }}></roster-user-form>`
        : html`<dl><dt>${tt.columns.firstName}</dt><dd dir="auto">${u.firstName}</dd><dt>${tt.columns.lastName}</dt><dd dir="auto">${u.lastName}</dd><dt>${tt.columns.email}</dt><dd dir="ltr">${u.email}</dd>
            ${u.username ? html`<dt>${tt.columns.username}</dt><dd dir="ltr">${u.username}</dd>` : nothing}${u.phone ? html`<dt>${t.phone}</dt><dd dir="ltr"><a part="phone" href=${`tel:${u.phone}`}>${readPhone ? readPhone(u.phone) : u.phone}</a></dd>` : nothing}</dl>
          ${this.suppression(u)}
          ${can(this.tenant, 'users.write')
            ? html`<div class="row">${u.emailSuppression ? nothing : html`<button type="button" part="button test-email" ?disabled=${this.busy} @click=${() => this.sendTestEmail()}>${t.sendTestEmail}</button>`}<button type="button" part="button button-primary" class="primary" @click=${() => this.edit()}>${t.edit}</button></div>`
            : nothing}`}
      ${u.pendingEmail ? html`<p class="info" part="pending-email">${t.pendingEmail(u.pendingEmail)}</p>` : nothing}
      <dl>
        <dt>${t.kind}</dt><dd>${tt.kinds[u.kind]}</dd>
        <dt>${t.organization}</dt><dd>${org ? html`<span dir="auto">${org.name}</span>` : u.organizationId ? html`<span>—</span>` : t.noOrganization}</dd>
        ${u.organizationId
          ? html`<dt>${t.organizationId}</dt><dd><code dir="ltr">${u.organizationId}</code><button type="button" part="button" class="copy" aria-label=${`${t.copy}: ${t.organizationId}`} @click=${() => this.copy(u.organizationId!)}>${t.copy}</button></dd>`
          : nothing}
        <dt>${t.userId}</dt><dd><code dir="ltr">${u.id}</code><button type="button" part="button" class="copy" aria-label=${`${t.copy}: ${t.userId}`} @click=${() => this.copy(u.id)}>${t.copy}</button></dd>
      </dl>`;
  }

  /** Mail to the user's address bounced (or an admin listed it): said next to the address, with the way out. */
  private suppression(u: UserDetail) {
    const s = u.emailSuppression;
    if (!s) return nothing;
    const t = this.t;
    const date = new Date(s.createdAt).toLocaleDateString(localeOf(this), { dateStyle: 'medium' });
    return html`<div class="error" part="email-suppressed" role="note">
      <p><strong>${t.suppressed(s.source, date, s.reason)}</strong></p><p>${t.suppressedHint}</p>
      ${can(this.tenant, 'users.write')
        ? html`<div class="row"><button type="button" part="button remove-suppression" ?disabled=${this.busy} @click=${() => this.removeSuppression()}>${t.removeSuppression}</button></div>`
        : nothing}
    </div>`;
  }

  private async clone() {
    this.confirming = null;
    await import('../user-form/define.js');
    this.cloning = true;
  }

  /** The form is its own chunk (the contract's field rules with it): loaded when a person first edits. */
  private async edit() {
    await import('../user-form/define.js');
    this.editing = true;
  }

  /** Sessions and suspension: a chunk of their own, loaded with the tab (the element upgrades when it arrives). */
  private status(u: UserDetail) {
    void import('../sign-in-state/define.js');
    const t = this.t;
    const tt = translate(this, 'userTable', userTableEn);
    const mayEdit = can(this.tenant, 'users.write');
    return html`<dl>
        <dt>${t.status}</dt><dd>${this.badge(u.status, tt.statuses[u.status])}${u.suspension ? this.badge('suspended', tt.suspended) : nothing}</dd>
        <dt>${t.invitation}</dt><dd>${this.badge(u.invitationStatus, tt.invitation[u.invitationStatus])}</dd>
        <dt>${t.twoFactor}</dt><dd>${this.badge(u.mfaState, tt.mfa[u.mfaState])}</dd>
        <dt>${t.lastSignIn}</dt><dd>${u.lastSignInAt ? formatDateTime(this, u.lastSignInAt) : t.never}</dd>
        <dt>${t.created}</dt><dd>${formatDateTime(this, u.createdAt)}</dd>
        <dt>${t.updated}</dt><dd>${formatDateTime(this, u.updatedAt)}</dd>
        ${u.kind === 'technician'
          ? html`<dt><label for="availability">${t.availability}</label></dt><dd>${mayEdit
              ? html`<select id="availability" part="input" .value=${u.availability ?? 'available'} ?disabled=${this.busy}
                  @change=${(e: Event) => this.patch({ availability: (e.target as HTMLSelectElement).value })}>
                  ${(['available', 'out_of_office'] as const).map((a) => html`<option value=${a} ?selected=${a === u.availability}>${tt.availability[a]}</option>`)}</select>`
              : this.badge(u.availability ?? 'available', tt.availability[u.availability ?? 'available'])}</dd>`
          : nothing}
      </dl>
      <roster-sign-in-state .api=${this.api} .tenant=${this.tenant} .user=${u} .changed=${(x: User) => (this.show({ ...u, ...x }), this.announce('user-updated', x))}></roster-sign-in-state>`;
  }

  private panel(u: UserDetail): TemplateResult | typeof nothing {
    const ctx = { host: this, t: this.t, tenant: this.tenant, busy: this.busy };
    switch (this.tab) {
      case 'general':
        return this.general(u);
      case 'access':
        return renderAccess(ctx, {
          user: u,
          roles: this.roles,
          organizations: this.organizations,
          groups: this.groups,
          draft: this.access!,
          roleLabel: (r) => roleName(translate(this, 'roles', rolesEn), r),
          change: (update) => (this.access = update(this.access!)),
          saveRoles: () => this.saveRoles(),
          saveGroups: () => this.saveGroups(),
        });
      case 'settings':
        return renderSettings(ctx, {
          user: u,
          organizations: this.organizations,
          draft: this.settings!,
          issues: this.issues,
          change: (update) => (this.settings = update(this.settings!)),
          save: (body) => this.patch(body),
          resetMfa: () => this.ask('reset-mfa'),
          mayResetMfa: actionsFor(this.tenant, u).includes('reset-mfa'),
          changeMethod: this.mayChooseMethod(u) ? () => this.ask('signInMethod') : undefined,
        });
      case 'status':
        return this.status(u);
      case 'attributes':
        // The editor is a chunk of its own, loaded with the tab (the element upgrades when it arrives).
        void import('../user-attributes/define.js');
        return html`<roster-user-attributes .api=${this.api} .tenant=${this.tenant} .user=${u} .changed=${(attributes: AttributeValues) => this.announce('user-updated', { ...u, attributes })}></roster-user-attributes>`;
      case 'history':
        // The History tab's rendering is a chunk of its own, loaded with the tab.
        if (!this.historyTab) {
          void import('./history-tab.js').then((m) => (this.historyTab = m));
          return html`<p class="hint" role="status">${this.t.loading}</p>`;
        }
        return this.historyTab.renderHistory(ctx, {
          ...this.history,
          allowed: can(this.tenant, 'audit.read'),
          actorName: (e) => (e.actorId ? this.actors.get(e.actorId) ?? '' : ''),
          when: (iso) => formatDateTime(this, iso),
          more: () => this.loadHistory(true),
        });
    }
  }

  override render() {
    const t = this.t;
    const u = this.user;
    const title = u ? this.name(u) : t.loading;
    let content: unknown;
    if (this.loadError) content = html`<div class="body"><p class="error" role="alert">${t.loadFailed} ${this.loadError}</p><button type="button" part="button" @click=${() => this.load()}>${t.retry}</button></div>`;
    else if (!u) content = html`<div class="body" role="status"><span class="sr-only">${t.loading}</span><div class="skeleton"></div><div class="skeleton"></div><div class="skeleton"></div></div>`;
    else if (this.cloning && customElements.get('roster-user-form'))
      content = html`<div class="body"><roster-user-form exportparts=${FORM_PARTS} mode="clone" .api=${this.api} .tenant=${this.tenant} .organizations=${this.organizations} .roles=${this.roles} .user=${u}
        @cancel=${() => (this.cloning = false)}
        @saved=${(e: Event & { user: User }) => {
          this.cloning = false;
          this.announce('user-created', e.user);
          this.dispatchEvent(new CustomEvent('open-user', { detail: e.user.id }));
          this.say(t.doneNotice.clone);
        }}></roster-user-form></div>`;
    // While a confirmation asks (it comes first in the tab), the tab behind it is inert: neither usable nor read out,
    // so an answer is given before anything else is changed, and nothing half hidden below the fold is still live.
    else
      content = html`<div class="body" role="tabpanel" part="tab-panel" id="panel" aria-labelledby=${`tab-${this.tab}`} tabindex="0">
        ${this.confirmPanel(u)}<div class="tab-content" ?inert=${this.confirming !== null}>${this.panel(u)}</div></div>`;
    return html`<dialog part="sheet" aria-labelledby="sheet-title" @cancel=${(e: Event) => (e.preventDefault(), this.close())}>
      <header part="sheet-header">
        <div class="heading"><div>
          <h2 id="sheet-title" part="sheet-title" dir="auto">${title}</h2>
          ${u ? html`<p class="sub" dir="ltr">${u.email}</p>` : nothing}
        </div><button type="button" part="button" class="close" aria-label=${t.close} @click=${this.close}>×</button></div>
        <div part="notice" class=${this.notice?.bad ? 'notice bad' : 'notice'} role="status" aria-live="polite">${this.notice?.text ?? ''}</div>
        ${u && !this.cloning ? this.actionBar(u) : nothing}
        ${u && !this.cloning
          ? html`<div role="tablist" part="tabs" aria-label=${t.tabList} @keydown=${this.tabKeydown}>
              ${TABS.map((tab) => html`<button type="button" role="tab" part="tab" id=${`tab-${tab}`} aria-selected=${tab === this.tab ? 'true' : 'false'} aria-controls="panel"
                tabindex=${tab === this.tab ? 0 : -1} @click=${() => this.selectTab(tab)}>${t.tabs[tab]}</button>`)}
            </div>`
          : nothing}
      </header>
      ${content}
    </dialog>`;
  }
}

/** A date with its time, in the element's language. */
function formatDateTime(element: Element, iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(localeOf(element), { dateStyle: 'medium', timeStyle: 'short' });
}


declare global {
  interface HTMLElementTagNameMap {
    'roster-user-sheet': RosterUserSheet;
  }
}
