import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state, query } from 'lit/decorators.js';
import { USER_PAGE_DEFAULT, USER_PAGE_MAX, type Organization, type Role, type TenantContext, type User, type UserListQueryInput, type UserSortKey } from '@roster/contract';
import { actionStyles, styles } from './user-table.styles.js';
import { ApiClient, ApiError, TokenSource, type TokenProvider } from '../internal/api-client.js';
import { UserSelectEvent } from '../events/user-select.js';
import { UserTableLoadEvent } from '../events/user-table-load.js';
import { translate, type UserTableStrings } from '../translations/index.js';
import { userTableStrings } from '../translations/user-table.js';
import { actionsFor, bulkActionsFor, can } from './actions.js';
import { renderBulkBar } from './bulk-bar.js';
import { NO_FILTERS, renderFilters, type Filters } from './filters.js';
import { renderRow } from './row.js';
import type { UserDialogs } from './dialogs.js';

const OVERSCAN = 8;
const SEARCH_DEBOUNCE_MS = 250;

/**
 * @summary The users of a tenant: search, filters, sortable columns, keyset loading and a virtualized body.
 *
 * @fires user-select - A row was activated (click or Enter); `event.user` is the user.
 * @fires user-table-load - A page arrived; `event.loaded` users are loaded, `event.hasMore` tells if more follow.
 * @fires user-created - A user was added or cloned in the element; `event.user`.
 * @fires user-updated - A user was edited, unlocked or had credentials reset.
 * @fires user-deactivated - A user was deactivated.
 * @fires user-activated - A user was activated.
 * @fires user-deleted - A user was deleted.
 * @fires invitation-resent - A user's invitation was sent again.
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
  @property({ attribute: 'page-size', type: Number }) pageSize = USER_PAGE_DEFAULT;
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
  /** The selected users as they were when chosen: a reload of the list (a search, an event) does not lose them. */
  @state() private selected = new Map<string, User>();

  @query('.scroller') private scroller?: HTMLElement;

  private readonly tokens = new TokenSource(() => ({ token: this.token, provider: this.tokenProvider }));
  private readonly api = new ApiClient(() => this.baseUrl, this.tokens);
  private controller: AbortController | null = null;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private resizeObserver?: ResizeObserver;
  private t: UserTableStrings = translate(this, userTableStrings);
  /** The dialogs and the requests behind them: loaded with the tenant's context, which unlocks every way to open them. */
  private dialogs: UserDialogs | null = null;
  private rowHeight = 44;

  override connectedCallback(): void {
    super.connectedCallback();
    this.t = translate(this, userTableStrings);
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
      limit: String(Math.min(USER_PAGE_MAX, Math.max(1, this.pageSize))),
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
      const [orgs, roles, tenant, dialogs] = await Promise.all([
        this.api.listOrganizations(),
        this.api.listRoles().catch(() => ({ items: [] })),
        this.api.tenant().catch(() => null),
        import('./dialogs.js').catch(() => null),
      ]);
      this.organizations = orgs.items;
      this.roles = roles.items;
      this.dialogs ??= dialogs
        ? new dialogs.UserDialogs(this, {
            api: this.api,
            tenant: () => this.tenant,
            roles: () => this.roles,
            organizations: () => this.organizations,
            clearSelection: () => (this.selected = new Map()),
            reload: () => this.reload(),
          })
        : null;
      // Without its dialogs the table offers no actions: they would have nothing to open.
      this.tenant = this.dialogs ? tenant : null;
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

  protected override updated(changed: PropertyValues<this>): void {
    this.syncInputs(changed);
  }

  private toggleSelected(user: User, on: boolean) {
    const next = new Map(this.selected);
    if (on) next.set(user.id, user);
    else next.delete(user.id);
    this.selected = next;
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
    return renderRow(this.t, user, index, {
      top: index * this.rowHeight,
      focused: index === this.focusedIndex,
      selected: this.selected.has(user.id),
      organization: user.organizationId ? this.organizations.find((o) => o.id === user.organizationId)?.name ?? '' : '',
      hasActions: !!this.tenant && actionsFor(this.tenant, user).length > 0,
      activate: () => {
        this.focusedIndex = index;
        this.select(user);
      },
      keydown: (e) => this.onRowKeydown(e, index),
      toggle: (on) => this.toggleSelected(user, on),
      openActions: () => this.dialogs?.openActions(user),
    });
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
        ${renderFilters(t, this.filters, this.organizations, this.roles, (key, value) => this.setFilter(key, value))}
        <span class="count" aria-live="polite">${this.users.length ? t.count(this.users.length, this.nextCursor !== null) : ''}</span>
        ${can(this.tenant, 'users.write') ? html`<button type="button" class="secondary" @click=${() => this.openImport()}>${t.importUsers}</button><button type="button" class="primary" @click=${() => this.dialogs?.openForm('create')}>${t.addUser}</button>` : nothing}
      </div>
      ${renderBulkBar(t, this.selected.size, bulkActionsFor(this.tenant), {
        run: (action) => {
          const users = [...this.selected.values()];
          if (action === 'roles') this.dialogs?.openRoles(users);
          else void this.dialogs?.runBulk(action, users);
        },
        clear: () => (this.selected = new Map()),
      })}
      <div part="table" class="table" role="table" aria-label=${t.search} aria-rowcount=${this.nextCursor ? -1 : this.users.length + 1} aria-busy=${this.loading ? 'true' : 'false'}>
        <div class="scroller" @scroll=${this.onScroll}>
          <div role="rowgroup" style="position: sticky; top: 0; z-index: 1">
            <div part="header" class="row header" role="row" aria-rowindex="1">
              <div role="columnheader"><span class="sr-only">${t.selectColumn}</span></div>${this.header('firstName', c.firstName)}${this.header('lastName', c.lastName)}${this.header(null, c.email)}${this.header('username', c.username)}${this.header(null, c.kind)}${this.header(null, c.organization)}${this.header('status', c.status)}${this.header('mfa', c.mfa)}${this.header(null, c.invitation)}${this.header(null, c.availability)}${this.header('createdAt', c.created)}<div role="columnheader"><span class="sr-only">${t.actionsColumn}</span></div>
            </div>
          </div>
          ${this.body()}
        </div>
      </div>
      ${this.dialogs?.render() ?? nothing}
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
