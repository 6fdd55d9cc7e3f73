import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { USER_PAGE_MAX, type CreatedUser, type Organization, type Role, type TenantContext, type User, type UserListQueryInput } from '@roster/contract';
import { ApiError, type ApiClient } from '../internal/api-client.js';
import { UserChangedEvent, type UserChange } from '../events/user-changed.js';
import type { UserFormMode } from '../user-form/user-form.js';
import type { UserDialogStrings } from '../translations/index.js';
import { userDialogsEn } from '../translations/user-dialogs.js';
import { translate } from '../internal/language.js';
import { actionStyles } from './dialogs.styles.js';
import { DESTRUCTIVE, actionsFor, bulkActionsFor, can, skipReason, type Action, type BulkAction } from './actions.js';
import { userTableEn } from '../translations/user-table.js';
import { renderBulkBar } from './bulk-bar.js';
import { HIDEABLE_COLUMNS, type HideableColumn } from './row.js';
import { deepActiveElement } from '../internal/focus.js';
import '../role-picker/define.js';

type BulkResult = { user: User; outcome: 'ok' | 'skipped' | 'failed'; message: string };
/** Whom a bulk action is for: the selected users, or every user a list query matches (found page by page when it runs). */
export type BulkTarget = { users: User[] } | { query: UserListQueryInput; total: number | null };
type Dialog =
  | { kind: 'form'; mode: UserFormMode; user?: User }
  | { kind: 'actions'; user: User; confirm?: Action; error?: string; busy?: boolean; seatNeeded?: boolean }
  | { kind: 'bulk'; action: BulkAction; results: BulkResult[]; done: boolean; total: number; finding?: number }
  | { kind: 'bulk-confirm'; action: BulkAction; target: BulkTarget; roleIds?: string[] }
  | { kind: 'roles'; target: BulkTarget; value: string[] }
  | { kind: 'columns' };
/** Requests in flight at once during a bulk action: quicker than one by one, gentle on the server's rate limits. */
const BULK_CONCURRENCY = 4;
const countOf = (target: BulkTarget) => ('users' in target ? target.users.length : target.total);

/** The parts of the nested `<role-picker>` and `<roster-user-form>`, reachable from the host as `user-table::part(…)`. */
const ROLE_PARTS = 'search: role-search, list: role-list, option: role-option, option-reason: role-reason';
const FORM_PARTS = 'form, form-field, form-label, form-input, form-error, form-banner, form-footer, button, button-primary, role-search, role-list, role-option, role-reason';

/** The panels the toolbar opens, each its own chunk loaded when first opened: the permission that shows its button, its name (its words' key, its tag), its module. */
const PANELS = [
  ['organizations.read', 'organizations', () => import('../organizations-panel/define.js')],
  ['integrations.manage', 'integrations', () => import('../integrations-panel/define.js')],
  ['integrations.manage', 'attributes', () => import('../attributes-panel/define.js')],
] as const;

const CHANGE_OF: Partial<Record<Action, UserChange>> = { deactivate: 'user-deactivated', activate: 'user-activated', delete: 'user-deleted', 'resend-invitation': 'invitation-resent' };

/** What the dialogs need of `<user-table>`. */
export interface UserDialogsContext {
  api: ApiClient;
  tenant(): TenantContext | null;
  roles(): Role[];
  organizations(): Organization[];
  /** The selection is done with (a bulk action ran), and the table shows the users as they are now. */
  clearSelection(): void;
  reload(): void;
  /** The selected users, or (every matching user selected) the list query they match and how many the server counted. */
  selection(): { users: User[]; allMatching: { query: UserListQueryInput; status: string } | null; total: number | null; canSelectAllMatching: boolean };
  selectAllMatching(): void;
  /** The list's query as it stands (search, filters, sort), without paging: what an export downloads. */
  listQuery(): UserListQueryInput;
  openImport(): void;
  /** Opens a user's page ('' closes it), telling the host. */
  openUser(id: string): void;
  /** A change a user's page made, confirmed by the server: the table updates its row. */
  changed(change: UserChange, user: User): void;
  hiddenColumns(): HideableColumn[];
  setHiddenColumns(columns: HideableColumn[]): void;
}

/** A user's page's parts, reachable from the host as `user-table::part(…)`. */
const SHEET_PARTS = 'sheet,sheet-header,sheet-title,sheet-actions,tabs,tab,tab-panel,notice,confirm,history,phone,email-suppressed,remove-suppression,test-email,button,button-primary,button-danger,badge,form,form-field,form-label,form-input,form-error,form-banner,form-footer,role-search,role-list,role-option,role-reason,permission-group,permission-group-name,permission,permission-description,permission-reason';

/**
 * `<user-table>`'s dialogs — the add/edit/clone form, a user's row actions (with their confirmations), roles for
 * one or many users, and the results of a bulk action — and the requests behind them. Every change is announced
 * (`user-changed` events) only once the API has confirmed it. This module loads with the tenant's context, which
 * is what unlocks every button that opens a dialog.
 */
export class UserDialogs implements ReactiveController {
  private dialog: Dialog | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly context: UserDialogsContext,
  ) {
    host.addController(this);
    const root = host.shadowRoot;
    if (root && actionStyles.styleSheet) root.adoptedStyleSheets = [...root.adoptedStyleSheets, actionStyles.styleSheet];
    else root?.append(Object.assign(document.createElement('style'), { textContent: actionStyles.cssText }));
  }

  private get t(): UserDialogStrings {
    return translate(this.host, 'userDialogs', userDialogsEn);
  }

  /** The server's message (in the language the element asked for), or the element's words when the server was not reached. */
  private messageOf(e: unknown): string {
    return e instanceof ApiError && e.status !== 0 ? e.message : this.t.unreachable;
  }

  /** What had the focus when a dialog opened: it gets it back when the dialog closes. */
  private returnFocus: HTMLElement | null = null;
  private restoreFocus = false;

  private show(dialog: Dialog | null) {
    if (dialog && !this.dialog) this.returnFocus = deepActiveElement();
    if (!dialog && this.dialog) this.restoreFocus = true;
    this.dialog = dialog;
    this.host.requestUpdate();
  }

  hostUpdated(): void {
    const dialog = (this.host.shadowRoot ?? this.host).querySelector('dialog');
    if (dialog && this.dialog && !dialog.open) dialog.showModal();
    if (this.restoreFocus) {
      this.restoreFocus = false;
      const target = this.returnFocus;
      this.returnFocus = null;
      if (target?.isConnected) target.focus();
    }
  }

  /** The menu of a user's actions (the ARIA menu pattern): arrows, Home and End move between its items. */
  private menuKeydown = (e: KeyboardEvent) => {
    const items = [...(e.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('[role="menuitem"]:not([disabled])')];
    const at = items.indexOf(e.target as HTMLElement);
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[e.key];
    if (next === undefined || items.length === 0) return;
    e.preventDefault();
    const item = items[(next + items.length) % items.length]!;
    for (const other of items) other.tabIndex = other === item ? 0 : -1;
    item.focus();
  };

  readonly close = () => this.show(null);

  openActions(user: User): void {
    this.show({ kind: 'actions', user });
  }

  async openForm(mode: UserFormMode, user?: User): Promise<void> {
    await import('../user-form/define.js');
    this.show(user ? { kind: 'form', mode, user } : { kind: 'form', mode });
  }

  openRoles(target: BulkTarget): void {
    const one = 'users' in target && target.users.length === 1 ? target.users[0]! : null;
    this.show({ kind: 'roles', target, value: one ? one.roles.map((r) => r.id) : [] });
  }

  /** A user's page is its own chunk, loaded when one is first opened (by a row, or by the host's selectedUserId). */
  private sheetLoaded = false;
  /** What the table's polite live region says last (a user deleted from their page, which closed). */
  private notice = '';

  /** The panel the toolbar opened (`<roster-organizations-panel>`, `<roster-integrations-panel>`), once its chunk is here. */
  private panel: HTMLElement | null = null;

  /**
   * Loads a panel's chunk (the first time) and shows it with the table's API client; it removes itself with `close`.
   * Each panel exports its own parts (`user-table::part(…)` reaches them).
   */
  private async openPanel(name: string, load: () => Promise<unknown>) {
    try {
      // The panel is modal: its button cannot be pressed again while it is open.
      await load();
      // Its `close` event (the close button, Escape) removes it.
      this.panel = Object.assign(document.createElement(`roster-${name}-panel`), { api: this.context.api, onclose: () => ((this.panel = null), this.host.requestUpdate()) });
      this.host.requestUpdate();
    } catch {
      // Not loaded (offline): the button stays, to be pressed again.
    }
  }

  /** The page of the user `userId` ('' for none), the toolbar's panel when open, and the live region that outlives them. */
  renderSheet(userId: string) {
    const c = this.context;
    const tenant = c.tenant();
    if (userId && tenant && !this.sheetLoaded)
      void import('../user-sheet/define.js').then(() => {
        this.sheetLoaded = true;
        this.host.requestUpdate();
      });
    return html`${userId && tenant && this.sheetLoaded
        ? html`<roster-user-sheet exportparts=${SHEET_PARTS} user-id=${userId} .api=${c.api} .tenant=${tenant} .roles=${c.roles()} .organizations=${c.organizations()}
            .changed=${c.changed} @close=${() => c.openUser('')} @open-user=${(e: CustomEvent<string>) => c.openUser(e.detail)}
            @notice=${(e: CustomEvent<string>) => {
              this.notice = e.detail;
              this.host.requestUpdate();
            }}></roster-user-sheet>`
        : nothing}${this.panel ?? nothing}<div class="sr-only" role="status">${this.notice}</div>`;
  }

  private exporting = false;
  private exportError = '';

  /** The toolbar's buttons, shown once the caller's permissions are known: Export for anyone who sees the list, Import and Add for writers. */
  renderToolbar() {
    const t = this.t;
    const words = translate(this.host, 'userTable', userTableEn);
    const write = can(this.context.tenant(), 'users.write');
    return html`${PANELS.map(([permission, name, load]) => (can(this.context.tenant(), permission) ? html`<button type="button" part="button" class="secondary" data-panel=${name} @click=${() => this.openPanel(name, load)}>${t[name]}</button>` : nothing))}
      <button type="button" part="button" class="secondary" @click=${() => this.show({ kind: 'columns' })}>${t.columns}</button>
      <button type="button" part="button" class="secondary" ?disabled=${this.exporting} @click=${() => this.exportCsv()}>${this.exporting ? t.exporting : t.exportCsv}</button>
      ${this.exportError ? html`<span class="dialog-error" role="alert">${this.exportError}</span>` : nothing}
      ${write
        ? html`<button type="button" part="button" class="secondary" @click=${() => this.context.openImport()}>${words.importUsers}</button><button type="button" part="button button-primary" class="primary" @click=${() => this.openForm('create')}>${words.addUser}</button>`
        : nothing}`;
  }

  /** Downloads every user the list's search and filters match, as the server streams them (formula-escaped CSV). */
  private async exportCsv() {
    const t = this.t;
    this.exporting = true;
    this.exportError = '';
    this.host.requestUpdate();
    try {
      const { limit: _, cursor: __, ...query } = this.context.listQuery();
      // The export sorts by the fixed columns only: sorted by an attribute, it comes in the default order.
      if (String(query.sort).startsWith('attr.')) delete query.sort, delete query.order;
      const blob = await this.context.api.exportUsers(query);
      const a = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: `${t.exportFileName}-${new Date().toISOString().slice(0, 10)}.csv` });
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
    } catch (e) {
      this.exportError = t.exportFailed(this.messageOf(e));
    } finally {
      this.exporting = false;
      this.host.requestUpdate();
    }
  }

  /** The bar over the table while users are selected, with the actions that apply to them. */
  renderBar() {
    const sel = this.context.selection();
    const tenant = this.context.tenant();
    const actions = bulkActionsFor(tenant, sel.allMatching ? { status: sel.allMatching.status } : sel.users);
    const target: BulkTarget = sel.allMatching ? { query: sel.allMatching.query, total: sel.total } : { users: sel.users };
    return renderBulkBar(this.t, { count: sel.users.length, allMatching: !!sel.allMatching, total: sel.total, canSelectAllMatching: sel.canSelectAllMatching }, actions, {
      // Each action says what it will do to how many users before it runs; roles are chosen first.
      run: (action) => (action === 'roles' ? this.openRoles(target) : this.show({ kind: 'bulk-confirm', action, target })),
      clear: () => this.context.clearSelection(),
      selectAllMatching: () => this.context.selectAllMatching(),
    });
  }

  private announce(change: UserChange, user: User) {
    this.host.dispatchEvent(new UserChangedEvent(change, user));
  }

  private async runAction(user: User, action: Action, confirmed = false, addSeat = false) {
    if (action === 'edit' || action === 'clone') return this.openForm(action, user);
    if (action === 'roles') return this.openRoles({ users: [user] });
    if (DESTRUCTIVE.has(action) && !confirmed) return this.show({ kind: 'actions', user, confirm: action });
    this.show({ kind: 'actions', user, busy: true });
    const { api } = this.context;
    try {
      // Every action is a request; its event is fired only once the API has confirmed it (2xx).
      const result = action === 'delete'
        ? await api.deleteUser(user.id)
        : await api.userAction(user.id, action, action === 'activate' ? (addSeat ? { confirmAddSeat: true } : {}) : undefined);
      this.close();
      this.announce(CHANGE_OF[action] ?? 'user-updated', result ?? user);
      this.context.reload();
    } catch (e) {
      this.show({ kind: 'actions', user, error: this.messageOf(e), seatNeeded: e instanceof ApiError && e.code === 'seat_limit_reached' });
    }
  }

  /** Every user a list query matches, page by page (the largest pages the API gives), showing how many so far. */
  private async findAll(action: BulkAction, query: UserListQueryInput): Promise<User[]> {
    const found: User[] = [];
    let cursor: string | undefined;
    do {
      this.show({ kind: 'bulk', action, results: [], done: false, total: 0, finding: found.length });
      const page = await this.context.api.listUsers({ ...query, limit: String(USER_PAGE_MAX), cursor });
      found.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return found;
  }

  /**
   * Runs one action per user, a few at a time, showing each outcome as it comes: done, skipped (the action does not
   * apply: a registered user is not re-invited) or failed with the server's reason (the server checks each).
   */
  async runBulk(action: BulkAction, target: BulkTarget, roleIds: string[] = []): Promise<void> {
    const { api } = this.context;
    const results: BulkResult[] = [];
    let users: User[];
    try {
      users = 'users' in target ? target.users : await this.findAll(action, target.query);
    } catch (e) {
      this.show({ kind: 'bulk', action, results: [{ user: { email: '' } as User, outcome: 'failed', message: this.messageOf(e) }], done: true, total: 0 });
      return;
    }
    const total = users.length;
    this.show({ kind: 'bulk', action, results, done: false, total });
    let next = 0;
    const t = this.t;
    const worker = async () => {
      while (next < users.length) {
        const user = users[next++]!;
        const reason = action === 'roles' ? (user.isRootAdmin ? 'rootAdmin' : null) : skipReason(action, user);
        if (reason) results.push({ user, outcome: 'skipped', message: t.skipped[reason] });
        else {
          try {
            // The event carries the user as the API answered (a delete answers 204: the user as it was).
            const confirmed =
              action === 'delete' ? await api.deleteUser(user.id) : action === 'roles' ? await api.setUserRoles(user.id, roleIds) : await api.userAction(user.id, action);
            results.push({ user, outcome: 'ok', message: t.done });
            this.announce(CHANGE_OF[action] ?? 'user-updated', confirmed ?? user);
          } catch (e) {
            results.push({ user, outcome: 'failed', message: this.messageOf(e) });
          }
        }
        this.show({ kind: 'bulk', action, results: [...results], done: false, total });
      }
    };
    await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, users.length) }, worker));
    this.show({ kind: 'bulk', action, results, done: true, total });
    this.context.clearSelection();
    this.context.reload();
  }

  render() {
    const d = this.dialog;
    if (!d) return nothing;
    const t = this.t;
    const name = (u: User) => `${u.firstName} ${u.lastName}`;
    let title: string;
    let content;
    if (d.kind === 'form') {
      title = d.mode === 'create' ? t.addUser : d.mode === 'edit' ? t.editUser(name(d.user!)) : t.cloneUser(name(d.user!));
      content = html`<roster-user-form exportparts=${FORM_PARTS} .api=${this.context.api} .tenant=${this.context.tenant()!} .organizations=${this.context.organizations()} .roles=${this.context.roles()} .user=${d.user} mode=${d.mode}
        @cancel=${this.close}
        @saved=${(e: Event & { user: User; mode: UserFormMode }) => {
          this.close();
          this.announce(e.mode === 'edit' ? 'user-updated' : 'user-created', e.user);
          this.context.reload();
          // Created, but the invitation was held back (the address is on the suppression list): say so, and open the
          // user's page, which shows when and why mail to the address bounced.
          if ((e.user as Partial<CreatedUser>).invitation === 'suppressed') {
            this.notice = t.invitationSuppressed(name(e.user));
            this.context.openUser(e.user.id);
          }
        }}></roster-user-form>`;
    } else if (d.kind === 'actions') {
      const u = d.user;
      title = name(u);
      content = d.confirm
        ? html`<p>${t.confirm[d.confirm as keyof UserDialogStrings['confirm']](name(u))}</p><div part="dialog-footer" class="dialog-actions">
            <button type="button" part="button" @click=${() => this.show({ kind: 'actions', user: u })}>${t.cancel}</button>
            <button type="button" part="button button-danger" class="danger" @click=${() => this.runAction(u, d.confirm!, true)}>${t.actions[d.confirm]}</button></div>`
        : html`${d.error ? html`<p part="dialog-error" class="dialog-error" role="alert">${d.error}</p>` : nothing}
            ${d.seatNeeded ? html`<div part="dialog-footer" class="dialog-actions"><button type="button" part="button button-primary" class="primary" @click=${() => this.runAction(u, 'activate', true, true)}>${t.addSeatAndActivate}</button></div>` : nothing}
            <div part="action-list" class="action-list" role="menu" aria-label=${t.actionList} @keydown=${this.menuKeydown}>
              ${actionsFor(this.context.tenant(), u).map((a, i) => html`<button type="button" role="menuitem" tabindex=${i === 0 ? 0 : -1} part=${DESTRUCTIVE.has(a) ? 'button button-danger' : 'button'} ?disabled=${d.busy} class=${DESTRUCTIVE.has(a) ? 'danger-outline' : ''} @click=${() => this.runAction(u, a)}>${t.actions[a]}</button>`)}
            </div>
            <div part="dialog-footer" class="dialog-actions"><button type="button" part="button" @click=${this.close}>${t.close}</button></div>`;
    } else if (d.kind === 'roles') {
      const one = 'users' in d.target && d.target.users.length === 1 ? d.target.users[0]! : null;
      title = one ? t.rolesOf(name(one)) : t.assignRolesTo(countOf(d.target) ?? 0);
      content = html`${one ? nothing : html`<p>${t.bulkConfirm.roles(countOf(d.target))} ${t.rolesReplace}</p>`}
        <role-picker exportparts=${ROLE_PARTS} multiple label=${t.roles} .roles=${this.context.roles()} .grantablePermissions=${this.context.tenant()?.permissions ?? []} .value=${d.value}
          @change=${(e: Event) => this.show({ ...d, value: [...(e.target as HTMLElement & { value: string[] }).value] })}></role-picker>
        <div part="dialog-footer" class="dialog-actions"><button type="button" part="button" @click=${this.close}>${t.cancel}</button>
          <button type="button" part="button button-primary" class="primary" ?disabled=${d.value.length === 0} @click=${() => this.runBulk('roles', d.target, d.value)}>${t.apply}</button></div>`;
    } else if (d.kind === 'columns') {
      // Changes show at once behind the dialog, and are kept for this host page.
      title = t.columnsTitle;
      const words = translate(this.host, 'userTable', userTableEn).columns;
      const hidden = this.context.hiddenColumns();
      content = html`<p>${t.columnsHint}</p><fieldset class="columns"><legend class="sr-only">${t.columnsTitle}</legend>
          ${HIDEABLE_COLUMNS.map((c) => html`<label class="check"><input type="checkbox" .checked=${!hidden.includes(c)}
            @change=${(e: Event) => {
              const on = (e.target as HTMLInputElement).checked;
              const now = this.context.hiddenColumns();
              this.context.setHiddenColumns(on ? now.filter((x) => x !== c) : [...now, c]);
              this.host.requestUpdate();
            }} /> ${words[c]}</label>`)}</fieldset>
        <div part="dialog-footer" class="dialog-actions"><button type="button" part="button" @click=${() => this.context.setHiddenColumns([])}>${t.showAllColumns}</button>
          <button type="button" part="button button-primary" class="primary" @click=${this.close}>${t.close}</button></div>`;
    } else if (d.kind === 'bulk-confirm') {
      title = t.bulk.label;
      const danger = DESTRUCTIVE.has(d.action);
      content = html`<p>${t.bulkConfirm[d.action](countOf(d.target))}</p><div part="dialog-footer" class="dialog-actions">
          <button type="button" part="button" @click=${this.close}>${t.cancel}</button>
          <button type="button" part=${danger ? 'button button-danger' : 'button button-primary'} class=${danger ? 'danger' : 'primary'} @click=${() => this.runBulk(d.action, d.target)}>${t.actions[d.action]}</button></div>`;
    } else {
      const count = (o: BulkResult['outcome']) => d.results.filter((r) => r.outcome === o).length;
      title = t.bulkTitle(t.actions[d.action], d.done ? t.bulkDone(count('ok'), d.results.length) : t.working);
      content = html`${d.finding !== undefined ? html`<p role="status">${t.finding(d.finding)}</p>` : nothing}
        <progress part="progress" max=${d.total || 1} value=${d.results.length} aria-label=${t.progress}></progress>
        <p role="status">${d.done ? t.outcomes(count('ok'), count('skipped'), count('failed')) : ''}</p>
        <ul part="results" class="results">${d.results.map((r) => html`<li class=${r.outcome === 'ok' ? 'ok' : r.outcome === 'failed' ? 'bad' : 'skip'}>${r.user.email}: ${r.message}</li>`)}</ul>
        <div part="dialog-footer" class="dialog-actions"><button type="button" part="button" ?disabled=${!d.done} @click=${this.close}>${t.close}</button></div>`;
    }
    return html`<dialog part="dialog" aria-label=${title} @close=${this.close} @cancel=${this.close}><h2 part="dialog-title">${title}</h2><div part="dialog-body">${content}</div></dialog>`;
  }
}
