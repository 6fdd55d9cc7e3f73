import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state, query } from 'lit/decorators.js';
import type { Organization, Permission, Role, TenantContext, User, UserListQueryInput, UserSortKey } from '@roster/contract';
import { actionStyles, styles } from './user-table.styles.js';
import { ApiClient, ApiError, TokenSource, type TokenProvider, type UserAction } from '../internal/api-client.js';
import { UserChangedEvent, type UserChange } from '../events/user-changed.js';
import '../role-picker/define.js';
import type { UserFormMode } from '../user-form/user-form.js';
import { UserSelectEvent } from '../events/user-select.js';
import { UserTableLoadEvent } from '../events/user-table-load.js';
import { translationFor, type Translation } from '../translations/index.js';

type Action = 'edit' | 'clone' | 'roles' | UserAction | 'delete';
type Dialog =
  | { kind: 'form'; mode: UserFormMode; user?: User }
  | { kind: 'actions'; user: User; confirm?: Action; error?: string; busy?: boolean; seatNeeded?: boolean }
  | { kind: 'bulk'; action: 'deactivate' | 'resend-invitation' | 'delete' | 'roles'; results: { user: User; ok: boolean; message: string }[]; done: boolean; total: number }
  | { kind: 'roles'; users: User[]; value: string[] };
const DESTRUCTIVE = new Set<Action>(['deactivate', 'delete', 'reset-password', 'reset-mfa']);
const CHANGE_OF: Partial<Record<Action, UserChange>> = { deactivate: 'user-deactivated', activate: 'user-activated', delete: 'user-deleted', 'resend-invitation': 'invitation-resent' };

type Filters = { kind: string; organizationId: string; status: string; roleId: string; hideDeactivated: boolean };
const NO_FILTERS: Filters = { kind: '', organizationId: '', status: '', roleId: '', hideDeactivated: false };
const OVERSCAN = 8;
const SEARCH_DEBOUNCE_MS = 250;

/**
 * @summary The users of a tenant: search, filters, sortable columns, keyset loading and a virtualized body.
 *
 * @fires user-select - A row was activated (click or Enter); `event.user` is the user.
 * @fires user-table-load - A page arrived; `event.loaded` users are loaded, `event.hasMore` tells if more follow.
 * @fires user-created - A user was added or cloned in the element; `event.user`.
 * @fires user-updated - A user was edited, unlocked or had credentials reset.
 * @fires user-deactivated - A user was deactivated (also `user-activated`, `user-deleted`, `invitation-resent`).
 *
 * @csspart toolbar - The search and filter bar.
 * @csspart search - The search field.
 * @csspart table - The table (header and body).
 * @csspart header - The header row.
 * @csspart row - Each body row.
 * @csspart badge - Status, 2FA, invitation and availability badges.
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @csspart dialog - The add/edit form, row actions and bulk results dialog.
 *
 * @cssproperty --roster-font - Font family (inherits by default).
 * @cssproperty --roster-accent - Accent colour for focus and sort arrows.
 * @cssproperty --roster-radius - Corner radius.
 * @cssproperty --roster-row-height - Height of a body row (the virtualizer depends on it being fixed).
 */
export class UserTable extends LitElement {
  static override styles = [styles, actionStyles];

  /** Base URL of the Roster BFF; empty for the page's own origin. */
  @property({ attribute: 'base-url', reflect: true }) baseUrl = '';
  /** Rows per request (1–200). */
  @property({ attribute: 'page-size', type: Number }) pageSize = 50;
  /** A widget token; or set `tokenProvider`. */
  @property({ attribute: false }) token?: string;
  /** Called for a token, again 30 s before it expires, and after a 401. */
  @property({ attribute: false }) tokenProvider?: TokenProvider;

  @state() private users: User[] = [];
  @state() private importLoaded = false;
  @state() private nextCursor: string | null = null;
  @state() private loading = false;
  @state() private error: ApiError | null = null;
  @state() private q = '';
  @state() private filters: Filters = { ...NO_FILTERS };
  @state() private sort: UserSortKey = 'lastName';
  @state() private order: 'asc' | 'desc' = 'asc';
  @state() private organizations: Organization[] = [];
  @state() private roles: Role[] = [];
  @state() private firstVisible = 0;
  @state() private visibleCount = 20;
  @state() private focusedIndex = 0;
  @state() private tenant: TenantContext | null = null;
  @state() private dialog: Dialog | null = null;
  @state() private selected = new Set<string>();

  @query('.scroller') private scroller?: HTMLElement;

  private readonly tokens = new TokenSource(() => ({ token: this.token, provider: this.tokenProvider }));
  private readonly api = new ApiClient(() => this.baseUrl, this.tokens);
  private controller: AbortController | null = null;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private resizeObserver?: ResizeObserver;
  private t: Translation = translationFor(this);
  private rowHeight = 44;

  override connectedCallback(): void {
    super.connectedCallback();
    this.t = translationFor(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller?.abort();
    this.tokens.dispose();
    this.resizeObserver?.disconnect();
    clearTimeout(this.searchTimer);
  }

  protected override firstUpdated(): void {
    this.rowHeight = parseFloat(getComputedStyle(this).getPropertyValue('--roster-row-height')) || 44;
    this.resizeObserver = new ResizeObserver(() => this.measure());
    if (this.scroller) this.resizeObserver.observe(this.scroller);
    this.measure();
  }

  private syncInputs(changed: PropertyValues<this>): void {
    if ((changed.has('token') || changed.has('tokenProvider') || changed.has('baseUrl')) && (this.token || this.tokenProvider)) {
      this.tokens.invalidate();
      void this.loadLookups();
      this.reload();
    }
  }

  /** Reloads from the first page with the current search, filters and sort. */
  reload(): void {
    this.users = [];
    this.nextCursor = null;
    this.focusedIndex = 0;
    if (this.scroller) this.scroller.scrollTop = 0;
    this.firstVisible = 0;
    void this.loadPage(false);
  }

  private query(cursor: string | null): UserListQueryInput {
    const f = this.filters;
    return {
      q: this.q.trim() || undefined,
      kind: (f.kind || undefined) as UserListQueryInput['kind'],
      organizationId: f.organizationId || undefined,
      status: (f.status || undefined) as UserListQueryInput['status'],
      roleId: f.roleId || undefined,
      hideDeactivated: f.hideDeactivated ? 'true' : undefined,
      sort: this.sort,
      order: this.order,
      limit: String(Math.min(200, Math.max(1, this.pageSize))),
      cursor: cursor ?? undefined,
    };
  }

  private async loadPage(more: boolean): Promise<void> {
    if (more && (this.loading || !this.nextCursor)) return;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.loading = true;
    this.error = null;
    try {
      const page = await this.api.listUsers(this.query(more ? this.nextCursor : null), controller.signal);
      if (controller.signal.aborted) return;
      this.users = more ? [...this.users, ...page.items] : page.items;
      this.nextCursor = page.nextCursor;
      this.dispatchEvent(new UserTableLoadEvent(this.users.length, page.nextCursor !== null));
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

  private async loadLookups(): Promise<void> {
    try {
      const [orgs, roles, tenant] = await Promise.all([
        this.api.listOrganizations(),
        this.api.listRoles().catch(() => ({ items: [] })),
        this.api.tenant().catch(() => null),
      ]);
      this.organizations = orgs.items;
      this.roles = roles.items;
      this.tenant = tenant;
    } catch {
      // The filters stay usable without their option lists; the table shows its own error if the BFF is down.
    }
  }

  private measure(): void {
    if (!this.scroller) return;
    this.visibleCount = Math.ceil(this.scroller.clientHeight / this.rowHeight) + 1;
    this.onScroll();
  }

  private onScroll(): void {
    const el = this.scroller;
    if (!el) return;
    this.firstVisible = Math.floor(el.scrollTop / this.rowHeight);
    if (this.firstVisible + this.visibleCount >= this.users.length - OVERSCAN * 2) void this.loadPage(true);
  }

  private onSearchInput(e: Event): void {
    this.q = (e.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.reload(), SEARCH_DEBOUNCE_MS);
  }

  private setFilter<K extends keyof Filters>(key: K, value: Filters[K]): void {
    this.filters = { ...this.filters, [key]: value };
    this.reload();
  }

  private toggleSort(key: UserSortKey): void {
    if (this.sort === key) this.order = this.order === 'asc' ? 'desc' : 'asc';
    else {
      this.sort = key;
      this.order = 'asc';
    }
    this.reload();
  }

  private clearAll(): void {
    this.q = '';
    this.filters = { ...NO_FILTERS };
    this.reload();
  }

  private select(user: User): void {
    this.dispatchEvent(new UserSelectEvent(user));
  }

  private onRowKeydown(e: KeyboardEvent, index: number): void {
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: this.visibleCount - 1, PageUp: -(this.visibleCount - 1), Home: -Infinity, End: Infinity };
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const user = this.users[index];
      if (user) this.select(user);
      return;
    }
    const move = moves[e.key];
    if (move === undefined) return;
    e.preventDefault();
    this.focusRow(Math.max(0, Math.min(this.users.length - 1, index + move)));
  }

  private async focusRow(index: number): Promise<void> {
    this.focusedIndex = index;
    const el = this.scroller;
    if (el) {
      const top = index * this.rowHeight;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + this.rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + this.rowHeight - el.clientHeight;
      this.onScroll();
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus();
  }

  private can(permission: Permission): boolean {
    return this.tenant?.permissions.includes(permission) ?? false;
  }

  /** The actions this caller may take on this user; the server checks each again. */
  private actionsFor(u: User): Action[] {
    const out: Action[] = [];
    const manage = this.can('users.write');
    if (manage) out.push('edit', 'clone');
    if (this.can('roles.manage') && !u.isRootAdmin) out.push('roles');
    if (this.can('users.invite') && u.status === 'invited') out.push('resend-invitation');
    if (this.can('users.deactivate') && !u.isRootAdmin) out.push(u.status === 'deactivated' ? 'activate' : 'deactivate');
    if (this.can('users.reset_credentials')) {
      if (u.status === 'locked_out') out.push('unlock');
      if (u.status === 'active' || u.status === 'locked_out') out.push('reset-password');
      if (u.mfaState === 'enrolled') out.push('reset-mfa');
    }
    if (this.can('users.delete') && !u.isRootAdmin && this.tenant?.profile.deletion !== 'never') out.push('delete');
    return out;
  }

  private async openForm(mode: UserFormMode, user?: User) {
    await import('../user-form/user-form.js');
    this.dialog = user ? { kind: 'form', mode, user } : { kind: 'form', mode };
  }

  private openRoles(users: User[]) {
    this.dialog = { kind: 'roles', users, value: users.length === 1 ? users[0]!.roles.map((r) => r.id) : [] };
  }

  private async runAction(user: User, action: Action, confirmed = false, addSeat = false) {
    if (action === 'edit' || action === 'clone') return this.openForm(action, user);
    if (action === 'roles') return this.openRoles([user]);
    if (DESTRUCTIVE.has(action) && !confirmed) {
      this.dialog = { kind: 'actions', user, confirm: action };
      return;
    }
    this.dialog = { kind: 'actions', user, busy: true };
    try {
      // Every action is a request; its event is fired only once the API has confirmed it (2xx).
      const result = action === 'delete'
        ? await this.api.deleteUser(user.id)
        : await this.api.userAction(user.id, action, action === 'activate' ? (addSeat ? { confirmAddSeat: true } : {}) : undefined);
      this.closeDialog();
      this.announce(CHANGE_OF[action] ?? 'user-updated', result ?? user);
      this.reload();
    } catch (e) {
      this.dialog = { kind: 'actions', user, error: e instanceof ApiError ? e.message : String(e), seatNeeded: e instanceof ApiError && e.code === 'seat_limit_reached' };
    }
  }

  private announce(change: UserChange, user: User) {
    this.dispatchEvent(new UserChangedEvent(change, user));
  }

  /** Runs one action per user, one after the other, showing each result as it comes (the server checks each). */
  private async runBulk(action: 'deactivate' | 'resend-invitation' | 'delete' | 'roles', chosen?: User[], roleIds: string[] = []) {
    const users = chosen ?? this.users.filter((u) => this.selected.has(u.id));
    const results: { user: User; ok: boolean; message: string }[] = [];
    const total = users.length;
    this.dialog = { kind: 'bulk', action, results, done: false, total };
    for (const user of users) {
      try {
        // The event carries the user as the API answered (a delete answers 204: the user as it was).
        const confirmed =
          action === 'delete' ? await this.api.deleteUser(user.id) : action === 'roles' ? await this.api.setUserRoles(user.id, roleIds) : await this.api.userAction(user.id, action);
        results.push({ user, ok: true, message: 'Done' });
        this.announce(CHANGE_OF[action] ?? 'user-updated', confirmed ?? user);
      } catch (e) {
        results.push({ user, ok: false, message: e instanceof ApiError ? e.message : String(e) });
      }
      this.dialog = { kind: 'bulk', action, results: [...results], done: false, total };
    }
    this.dialog = { kind: 'bulk', action, results, done: true, total };
    this.selected = new Set();
    this.reload();
  }

  private closeDialog() {
    this.dialog = null;
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.syncInputs(changed);
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog && this.dialog && !dialog.open) dialog.showModal();
  }

  private toggleSelected(id: string, on: boolean) {
    const next = new Set(this.selected);
    if (on) next.add(id);
    else next.delete(id);
    this.selected = next;
  }

  private actionLabel(a: Action): string {
    return ({ edit: 'Edit', clone: 'Clone', roles: 'Roles', 'resend-invitation': 'Resend invitation', deactivate: 'Deactivate', activate: 'Activate', unlock: 'Unlock', 'reset-password': 'Send password reset', 'reset-mfa': 'Reset 2FA', delete: 'Delete' } as const)[a];
  }

  private renderDialog() {
    const d = this.dialog;
    if (!d) return nothing;
    let title: string;
    let content;
    if (d.kind === 'form') {
      title = d.mode === 'create' ? 'Add user' : d.mode === 'edit' ? `Edit ${d.user!.firstName} ${d.user!.lastName}` : `Clone ${d.user!.firstName} ${d.user!.lastName}`;
      content = html`<roster-user-form .api=${this.api} .tenant=${this.tenant!} .organizations=${this.organizations} .roles=${this.roles} .user=${d.user} mode=${d.mode}
        @cancel=${this.closeDialog}
        @saved=${(e: Event & { user: User; mode: UserFormMode }) => {
          this.closeDialog();
          this.announce(e.mode === 'edit' ? 'user-updated' : 'user-created', e.user);
          this.reload();
        }}></roster-user-form>`;
    } else if (d.kind === 'actions') {
      const u = d.user;
      title = `${u.firstName} ${u.lastName}`;
      content = d.confirm
        ? html`<p>${this.confirmText(d.confirm, u)}</p><div class="dialog-actions">
            <button type="button" @click=${() => (this.dialog = { kind: 'actions', user: u })}>Cancel</button>
            <button type="button" class="danger" @click=${() => this.runAction(u, d.confirm!, true)}>${this.actionLabel(d.confirm)}</button></div>`
        : html`${d.error ? html`<p class="dialog-error" role="alert">${d.error}</p>` : nothing}
            ${d.seatNeeded ? html`<div class="dialog-actions"><button type="button" class="primary" @click=${() => this.runAction(u, 'activate', true, true)}>Add a seat and activate</button></div>` : nothing}
            <div class="action-list" role="group" aria-label="Actions">
              ${this.actionsFor(u).map((a) => html`<button type="button" ?disabled=${d.busy} class=${DESTRUCTIVE.has(a) ? 'danger-outline' : ''} @click=${() => this.runAction(u, a)}>${this.actionLabel(a)}</button>`)}
            </div>
            <div class="dialog-actions"><button type="button" @click=${this.closeDialog}>Close</button></div>`;
    } else if (d.kind === 'roles') {
      const one = d.users.length === 1;
      title = one ? `Roles of ${d.users[0]!.firstName} ${d.users[0]!.lastName}` : `Assign roles to ${d.users.length} users`;
      content = html`${one ? nothing : html`<p>The chosen roles replace each user's current roles.</p>`}
        <role-picker multiple label="Roles" .roles=${this.roles} .grantablePermissions=${this.tenant?.permissions ?? []} .value=${d.value}
          @change=${(e: Event) => (this.dialog = { ...d, value: [...(e.target as HTMLElement & { value: string[] }).value] })}></role-picker>
        <div class="dialog-actions"><button type="button" @click=${this.closeDialog}>Cancel</button>
          <button type="button" class="primary" ?disabled=${d.value.length === 0} @click=${() => this.runBulk('roles', d.users, d.value)}>Apply</button></div>`;
    } else {
      const ok = d.results.filter((r) => r.ok).length;
      title = `${this.actionLabel(d.action)}: ${d.done ? `${ok} of ${d.results.length} done` : 'working…'}`;
      content = html`<progress max=${d.total} value=${d.results.length} aria-label="Progress"></progress>
        <ul class="results">${d.results.map((r) => html`<li class=${r.ok ? 'ok' : 'bad'}>${r.user.email}: ${r.message}</li>`)}</ul>
        <div class="dialog-actions"><button type="button" ?disabled=${!d.done} @click=${this.closeDialog}>Close</button></div>`;
    }
    return html`<dialog part="dialog" aria-label=${title} @close=${this.closeDialog} @cancel=${this.closeDialog}><h2>${title}</h2>${content}</dialog>`;
  }

  private confirmText(a: Action, u: User): string {
    const who = `${u.firstName} ${u.lastName}`;
    switch (a) {
      case 'deactivate': return `Deactivate ${who}? They are signed out everywhere at once and cannot sign in until activated again.`;
      case 'delete': return `Delete ${who}? This cannot be undone.`;
      case 'reset-password': return `Send ${who} a link to choose a new password? They are signed out everywhere.`;
      default: return `Reset two-factor authentication for ${who}? They must set it up again at the next sign-in.`;
    }
  }

  private badge(kind: string, label: string) {
    return html`<span part="badge" class="badge ${kind}">${label}</span>`;
  }

  private header(key: UserSortKey | null, label: string) {
    if (!key) return html`<div role="columnheader">${label}</div>`;
    const active = this.sort === key;
    const ariaSort = active ? (this.order === 'asc' ? 'ascending' : 'descending') : 'none';
    return html`<div role="columnheader" aria-sort=${ariaSort}>
      <button type="button" data-sort=${key} aria-label=${this.t.sortBy(label)} @click=${() => this.toggleSort(key)}>
        ${label}<span class="arrow" aria-hidden="true">${active ? (this.order === 'asc' ? '▲' : '▼') : ''}</span>
      </button>
    </div>`;
  }

  private row(user: User, index: number) {
    const t = this.t;
    const org = user.organizationId ? this.organizations.find((o) => o.id === user.organizationId)?.name ?? '' : '';
    return html`<div
      role="row"
      part="row"
      class="row body-row"
      data-user-id=${user.id}
      data-index=${index}
      aria-rowindex=${index + 2}
      tabindex=${index === this.focusedIndex ? 0 : -1}
      style="transform: translateY(${index * this.rowHeight}px)"
      @click=${() => {
        this.focusedIndex = index;
        this.select(user);
      }}
      @keydown=${(e: KeyboardEvent) => this.onRowKeydown(e, index)}
    >
      <div role="cell" @click=${(e: Event) => e.stopPropagation()}><input type="checkbox" aria-label=${`Select ${user.firstName} ${user.lastName}`}
        .checked=${this.selected.has(user.id)} @change=${(e: Event) => this.toggleSelected(user.id, (e.target as HTMLInputElement).checked)} /></div>
      <div role="cell" class="name">${user.firstName}</div>
      <div role="cell" class="name">${user.lastName}</div>
      <div role="cell">${user.email}</div>
      <div role="cell" class="muted">${user.username ?? '—'}</div>
      <div role="cell">${t.kinds[user.kind]}</div>
      <div role="cell" class="muted">${org || '—'}</div>
      <div role="cell">${this.badge(user.status, t.statuses[user.status])}</div>
      <div role="cell">${this.badge(user.mfaState, t.mfa[user.mfaState])}</div>
      <div role="cell">${this.badge(user.invitationStatus, t.invitation[user.invitationStatus])}</div>
      <div role="cell">${user.availability ? this.badge(user.availability, t.availability[user.availability]) : html`<span class="muted">—</span>`}</div>
      <div role="cell" class="muted">${new Date(user.createdAt).toLocaleDateString()}</div>
      <div role="cell">${this.tenant && this.actionsFor(user).length
        ? html`<button type="button" class="row-menu" aria-label=${`Actions for ${user.firstName} ${user.lastName}`}
            @click=${(e: Event) => { e.stopPropagation(); this.dialog = { kind: 'actions', user }; }}>⋯</button>`
        : nothing}</div>
    </div>`;
  }

  private errorMessage(error: ApiError): string {
    const e = this.t.errors;
    if (error.status === 0) return e.network;
    if (error.status === 401) return e.unauthorized;
    if (error.status === 403) return e.forbidden;
    if (error.status >= 500) return e.generic;
    return error.message;
  }

  private body() {
    const t = this.t;
    if (this.error && this.users.length === 0) {
      return html`<div part="error" class="state" role="alert">
        <strong>${t.errorTitle}</strong>${this.errorMessage(this.error)}
        <div><button type="button" @click=${() => this.reload()}>${t.retry}</button></div>
      </div>`;
    }
    if (this.loading && this.users.length === 0) {
      return html`<div class="state" role="status"><span class="sr-only">${t.loading}</span>
        ${[0, 1, 2, 3, 4].map(() => html`<div class="skeleton" style="margin: 0.9rem 0"></div>`)}</div>`;
    }
    if (this.users.length === 0) {
      const filtered = this.q.trim() !== '' || JSON.stringify(this.filters) !== JSON.stringify(NO_FILTERS);
      return html`<div part="empty" class="state" role="status">
        <strong>${filtered ? t.emptyFiltered(this.q.trim()) : t.empty}</strong>
        ${filtered ? html`<button type="button" @click=${() => this.clearAll()}>${t.clearFilters}</button>` : nothing}
      </div>`;
    }
    const start = Math.max(0, this.firstVisible - OVERSCAN);
    const end = Math.min(this.users.length, this.firstVisible + this.visibleCount + OVERSCAN);
    const slice = [];
    for (let i = start; i < end; i++) slice.push(this.row(this.users[i]!, i));
    return html`<div class="spacer" role="rowgroup" style="height: ${this.users.length * this.rowHeight}px">${slice}</div>
      ${this.loading ? html`<div class="more" role="status">${t.loadingMore}</div>` : nothing}
      ${this.error ? html`<div class="more" role="alert">${this.errorMessage(this.error)} <button type="button" @click=${() => this.loadPage(true)}>${t.retry}</button></div>` : nothing}`;
  }

  override render() {
    const t = this.t;
    const c = t.columns;
    return html`<div class="frame">
      <div part="toolbar" class="toolbar" role="search">
        <label class="field search">${t.search}
          <input part="search" type="search" .value=${this.q} placeholder=${t.searchPlaceholder} @input=${this.onSearchInput}
            @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && (clearTimeout(this.searchTimer), this.reload())} />
        </label>
        <label class="field">${t.kind}
          <select name="kind" .value=${this.filters.kind} @change=${(e: Event) => this.setFilter('kind', (e.target as HTMLSelectElement).value)}>
            <option value="">${t.allKinds}</option><option value="technician">${t.technicians}</option><option value="end_user">${t.endUsers}</option>
          </select>
        </label>
        <label class="field">${t.organization}
          <select name="organizationId" .value=${this.filters.organizationId} @change=${(e: Event) => this.setFilter('organizationId', (e.target as HTMLSelectElement).value)}>
            <option value="">${t.allOrganizations}</option>
            ${this.organizations.map((o) => html`<option value=${o.id} ?selected=${o.id === this.filters.organizationId}>${o.name}</option>`)}
          </select>
        </label>
        <label class="field">${t.status}
          <select name="status" .value=${this.filters.status} @change=${(e: Event) => this.setFilter('status', (e.target as HTMLSelectElement).value)}>
            <option value="">${t.allStatuses}</option>
            ${(['invited', 'active', 'deactivated', 'locked_out'] as const).map((s) => html`<option value=${s}>${t.statuses[s]}</option>`)}
          </select>
        </label>
        <label class="field">${t.role}
          <select name="roleId" .value=${this.filters.roleId} @change=${(e: Event) => this.setFilter('roleId', (e.target as HTMLSelectElement).value)}>
            <option value="">${t.allRoles}</option>
            ${this.roles.map((r) => html`<option value=${r.id} ?selected=${r.id === this.filters.roleId}>${r.name}</option>`)}
          </select>
        </label>
        <label class="field check"><input type="checkbox" name="hideDeactivated" .checked=${this.filters.hideDeactivated}
          @change=${(e: Event) => this.setFilter('hideDeactivated', (e.target as HTMLInputElement).checked)} />${t.hideDeactivated}</label>
        <span class="count" aria-live="polite">${this.users.length ? t.count(this.users.length, this.nextCursor !== null) : ''}</span>
        ${this.can('users.write') ? html`<button type="button" class="secondary" @click=${() => this.openImport()}>Import</button><button type="button" class="primary" @click=${() => this.openForm('create')}>Add user</button>` : nothing}
      </div>
      ${this.selected.size
        ? html`<div class="bulk" role="region" aria-label="Bulk actions"><span>${this.selected.size} selected</span>
            ${this.can('users.invite') ? html`<button type="button" @click=${() => this.runBulk('resend-invitation')}>Resend invitations</button>` : nothing}
            ${this.can('roles.manage') ? html`<button type="button" @click=${() => this.openRoles(this.users.filter((u) => this.selected.has(u.id)))}>Assign roles</button>` : nothing}
            ${this.can('users.deactivate') ? html`<button type="button" @click=${() => this.runBulk('deactivate')}>Deactivate</button>` : nothing}
            ${this.can('users.delete') && this.tenant?.profile.deletion !== 'never' ? html`<button type="button" class="danger-outline" @click=${() => this.runBulk('delete')}>Delete</button>` : nothing}
            <button type="button" @click=${() => (this.selected = new Set())}>Clear selection</button></div>`
        : nothing}
      <div part="table" class="table" role="table" aria-label=${t.search} aria-rowcount=${this.nextCursor ? -1 : this.users.length + 1} aria-busy=${this.loading ? 'true' : 'false'}>
        <div class="scroller" @scroll=${this.onScroll}>
          <div role="rowgroup" style="position: sticky; top: 0; z-index: 1">
            <div part="header" class="row header" role="row" aria-rowindex="1">
              <div role="columnheader"><span class="sr-only">Select</span></div>${this.header('firstName', c.firstName)}${this.header('lastName', c.lastName)}${this.header(null, c.email)}${this.header('username', c.username)}${this.header(null, c.kind)}${this.header(null, c.organization)}${this.header('status', c.status)}${this.header('mfa', c.mfa)}${this.header(null, c.invitation)}${this.header(null, c.availability)}${this.header('createdAt', c.created)}<div role="columnheader"><span class="sr-only">Actions</span></div>
            </div>
          </div>
          ${this.body()}
        </div>
      </div>
      ${this.renderDialog()}
      ${this.importLoaded
        ? html`<import-modal base-url=${this.baseUrl} .token=${this.token} .tokenProvider=${this.tokenProvider} kind=${this.filters.kind === 'end_user' ? 'end_user' : 'technician'}
            organization-id=${this.filters.organizationId} @import-completed=${() => void this.loadPage(false)}></import-modal>`
        : nothing}
    </div>`;
  }

  /** The import dialog is its own chunk, loaded on first use. */
  private async openImport() {
    await import('../import-modal/define.js');
    this.importLoaded = true;
    await this.updateComplete;
    this.renderRoot.querySelector('import-modal')?.show();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'user-table': UserTable;
  }
}
