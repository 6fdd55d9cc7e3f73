import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state, query } from 'lit/decorators.js';
import { USER_PAGE_DEFAULT, USER_PAGE_MAX, type FilterGroup, type Organization, type Role, type TenantContext, type User, type UserListQueryInput, type UserSortKey, type UserTotal } from '@roster/contract';
import { styles } from './user-table.styles.js';
import { tokens } from '../internal/theme.styles.js';
import { ApiClient, ApiError, TokenSource, type TokenProvider } from '../internal/api-client.js';
import { UserSelectEvent } from '../events/user-select.js';
import { UserTableLoadEvent } from '../events/user-table-load.js';
import type { UserTableStrings } from '../translations/index.js';
import { userTableEn } from '../translations/user-table.js';
import { roleName, rolesEn } from '../translations/roles.js';
import { LanguageController, formatDate, langOf, localeOf, translate } from '../internal/language.js';
import type { AttributeColumn } from './attribute-columns.js';
import { actionsFor } from './actions.js';
import { NO_FILTERS, renderFilters, type Filters } from './filters.js';
import { ATTRIBUTE_TRACK, COLUMN_TRACKS, FIXED_CELLS, HIDEABLE_COLUMNS, renderRow, type HideableColumn } from './row.js';
import { cellAfterKey } from './grid-keys.js';
import type { UserDialogs } from './dialogs.js';

const OVERSCAN = 8;
/** `<import-modal>`'s parts, reachable from the host as `user-table::part(import-…)`; buttons keep their names. */
const IMPORT_PARTS = `${'dialog dialog-header dialog-title close-button dialog-body step-input step-preview step-committing step-result dialog-footer options drop-zone paste banner banner-error banner-ok toolbar preview preview-header preview-row assign progress result log role-search role-list role-option role-reason'
  .split(' ')
  .map((p) => `${p}: import-${p}`)
  .join()},button,button-primary`;
const SEARCH_DEBOUNCE_MS = 250;

/**
 * @summary The users of a tenant: search, filters, sortable columns, keyset loading and a virtualized body.
 *   Structured filters: "Add filter" chips (`<roster-filter-chips>`, its own chunk, loaded with the lookups) send
 *   `filter=` with the toolbar's filters; "Save view" keeps chips, filters and sort in localStorage per host page and
 *   tenant (`roster:view:<host>:<tenantId>`), restored before the first page.
 *
 * @fires user-select - A row was activated (click or Enter); `event.user` is the user. Cancelable: `preventDefault()`
 *   keeps the user's page closed.
 * @fires selected-user-change - A user's page opened or closed; `event.detail.userId` (null when closed). Mirror it
 *   in the host's URL and set `selectedUserId` back from it to deep-link a user's page.
 * @fires user-table-load - A page arrived; `event.loaded` users are loaded, `event.hasMore` tells if more follow.
 * @fires user-created - A user was added or cloned in the element; `event.user`.
 * @fires user-updated - A user was edited, unlocked or had credentials reset.
 * @fires user-deactivated - A user was deactivated.
 * @fires user-activated - A user was activated.
 * @fires user-deleted - A user was deleted.
 * @fires invitation-resent - A user's invitation was sent again.
 *
 * @csspart toolbar - The search and filter bar; `search` its search field, `filter` each filter, `count` the count.
 * @csspart bulk-bar - The bar of actions on the selected users.
 * @csspart table - The table (header and body); `header` its header row, `header-cell` each column header.
 * @csspart row - Each body row (also `row-selected`); `cell` each cell; `row-menu` its actions button.
 * @csspart badge - Status, 2FA, invitation and availability badges (also `badge-<value>`, e.g. `badge-locked_out`).
 * @csspart loading - The first page loading; `pagination` the next page loading (or why it failed).
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @csspart button - Every button (also `button-primary`, `button-danger`).
 * @csspart dialog - The add/edit form, row actions, roles and bulk results dialog: `dialog-title`, `dialog-body`,
 *   `dialog-footer`, `dialog-error`, `action-list`, `progress`, `results`.
 * @csspart form - The user form's parts, forwarded: also `form-field`, `form-label`, `form-input`, `form-error`,
 *   `form-banner`, `form-footer`.
 * @csspart role-list - `<role-picker>`'s parts, forwarded: also `role-search`, `role-option`, `role-reason`.
 * @csspart org-list - The organizations panel (toolbar, *Organizations*): `sheet`, `sheet-header`, `sheet-title`,
 *   `org-search`, `notice`, `org-list`, `org` (each organization), `org-name`, `org-id`.
 * @csspart import-dialog - `<import-modal>`'s parts, forwarded with an `import-` prefix (`import-drop-zone`,
 *   `import-preview`, `import-step-result`…).
 *
 * @cssproperty --roster-accent - Accent: primary buttons, links, focus ring, sort arrows. And every other token of
 *   docs/theming.md (`--roster-surface`, `--roster-text`, `--roster-font`, `--roster-radius`…).
 * @cssproperty --roster-row-height - Height of a body row (44px; any length).
 */
export class UserTable extends LitElement {
  static override styles = [tokens, styles];

  /** Base URL of the Roster BFF; empty for the page's own origin. */
  @property({ attribute: 'base-url', reflect: true }) baseUrl = '';
  /** Rows per request (1–200). */
  @property({ attribute: 'page-size', type: Number }) pageSize = USER_PAGE_DEFAULT;
  /** A widget token; or set `tokenProvider`. */
  @property({ attribute: false }) token?: string;
  /** Called for a token, again 30 s before it expires, and after a 401. */
  @property({ attribute: false }) tokenProvider?: TokenProvider;
  /**
   * The user whose page is open (a side sheet), or empty: set it to open a user's page (a deep link); the element sets
   * it when a row is opened and clears it when the page closes, firing `selected-user-change` each time.
   */
  @property({ attribute: 'selected-user-id', reflect: true }) selectedUserId = '';

  @state() private users: User[] = [];
  @state() private importLoaded = false;
  @state() private nextCursor: string | null = null;
  /** How many users match, from the first page: exact, or the database's estimate. */
  @state() private total: UserTotal | null = null;
  @state() private loading = false;
  @state() private error: ApiError | null = null;
  @state() private q = '';
  @state() filters: Filters = { ...NO_FILTERS };
  @state() sort: UserSortKey | `attr.${string}` = 'lastName';
  /** The tenant's custom attributes shown as columns ("shown as a column"), in their order. */
  @state() private attributeColumns: AttributeColumn[] = [];
  @state() order: 'asc' | 'desc' = 'asc';
  @state() organizations: Organization[] = [];
  @state() private roles: Role[] = [];
  @state() private firstVisible = 0;
  @state() private visibleCount = 20;
  @state() private focusedIndex = 0;
  /** The focused cell's column (the first name until the user moves). */
  @state() private focusedColumn = 1;
  @state() private tenant: TenantContext | null = null;
  /** The selected users as they were when chosen: a reload of the list (a search, an event) does not lose them. */
  @state() private selected = new Map<string, User>();
  /** The columns the person hid (the column chooser), kept per host page in localStorage. */
  @state() private hiddenColumns: HideableColumn[] = [];
  /** Every user the search and filters match is selected, not only the loaded ones (for a bulk action). */
  @state() private allMatching = false;
  /** The structured filter the chips build (`filter=`), or null. */
  @state() tree: FilterGroup | null = null;
  /** The saved view was read (before the first page). */
  private viewRead = false;

  @query('.scroller') private scroller?: HTMLElement;
  @query('.probe') private rowProbe?: HTMLElement;

  readonly tokens = new TokenSource(() => ({ token: this.token, provider: this.tokenProvider }));
  readonly api = new ApiClient(() => this.baseUrl, this.tokens, () => localeOf(this));
  private controller: AbortController | null = null;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private resizeObserver?: ResizeObserver;
  /** Follows `lang` on the element or its ancestors: words, dates and `dir`. */
  private readonly language = new LanguageController(this);
  /** The dialogs and the requests behind them: loaded with the tenant's context, which unlocks every way to open them. */
  private dialogs: UserDialogs | null = null;
  private rowHeight = 44;

  /** Where the column choice is kept: per host origin (localStorage), and per table where the page names it (`id`). */
  private get columnsKey() {
    return `roster-user-table-columns${this.id ? `:${this.id}` : ''}`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    try {
      const kept = JSON.parse(localStorage.getItem(this.columnsKey) ?? '[]') as unknown;
      if (Array.isArray(kept)) this.hiddenColumns = HIDEABLE_COLUMNS.filter((c) => kept.includes(c));
    } catch {
      // Storage refused (a sandboxed frame) or not JSON: every column shows.
    }
  }

  private setHiddenColumns(columns: HideableColumn[]) {
    this.hiddenColumns = columns;
    try {
      localStorage.setItem(this.columnsKey, JSON.stringify(columns));
    } catch {
      // Kept for this page only.
    }
  }

  /** Each column hidden or not, by its index in the row. */
  /** The grid's tracks: the fixed columns, the custom attributes shown as columns, the actions. */
  private get tracks(): (readonly [string, number])[] {
    return [...COLUMN_TRACKS.slice(0, FIXED_CELLS), ...this.attributeColumns.map(() => ATTRIBUTE_TRACK), ...COLUMN_TRACKS.slice(FIXED_CELLS)];
  }

  private get hiddenCells(): boolean[] {
    return this.tracks.map((_, i) => i < FIXED_CELLS && this.hiddenColumns.includes(HIDEABLE_COLUMNS[i - 3] as HideableColumn));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller?.abort();
    this.tokens.dispose();
    this.resizeObserver?.disconnect();
    clearTimeout(this.searchTimer);
  }

  protected override firstUpdated(): void {
    this.resizeObserver = new ResizeObserver(() => this.measure());
    if (this.scroller) this.resizeObserver.observe(this.scroller);
    this.measure();
  }

  private get t(): UserTableStrings {
    return translate(this, 'userTable', userTableEn);
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
    // "All matching" meant the search and filters as they were; a reload after a change of them asks again.
    this.allMatching = false;
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
      status: (f.status && f.status !== 'suspended' ? f.status : undefined) as UserListQueryInput['status'],
      suspended: f.status === 'suspended' ? 'true' : undefined,
      roleId: f.roleId || undefined,
      hideDeactivated: f.hideDeactivated ? 'true' : undefined,
      sort: this.sort as UserSortKey,
      order: this.order,
      limit: String(Math.min(USER_PAGE_MAX, Math.max(1, this.pageSize))),
      cursor: cursor ?? undefined,
      filter: this.tree ? JSON.stringify(this.tree) : undefined,
    };
  }

  /** The chips' chunk (with the saved view's reading and writing): loaded with the lookups, or for the first page. */
  private chips: Promise<typeof import('../filter-chips/define.js') | null> | null = null;
  private loadChips() {
    return (this.chips ??= import('../filter-chips/define.js').catch(() => null));
  }

  private async loadPage(more: boolean): Promise<void> {
    if (more && (this.loading || !this.nextCursor)) return;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.loading = true;
    this.error = null;
    try {
      if (!this.viewRead) {
        // The saved view, before the first page (the chips' chunk is already on its way with the lookups).
        this.viewRead = true;
        await (await this.loadChips())?.readView(this);
      }
      const page = await this.api.listUsers(this.query(more ? this.nextCursor : null), controller.signal);
      if (controller.signal.aborted) return;
      this.users = more ? [...this.users, ...page.items] : page.items;
      this.nextCursor = page.nextCursor;
      if (!more) this.total = page.total ?? null;
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
      const [orgs, roles, tenant, dialogs, attributes] = await Promise.all([
        this.api.listOrganizations().catch(() => ({ items: [] })),
        this.api.listRoles().catch(() => ({ items: [] })),
        this.api.tenant().catch(() => null),
        import('./dialogs.js').catch(() => null),
        import('./attribute-columns.js').then((m) => m.attributeColumns(this, this.api)).catch(() => []),
        this.loadChips(),
      ]);
      this.attributeColumns = attributes;
      this.organizations = orgs.items;
      this.roles = roles.items;
      this.dialogs ??= dialogs
        ? new dialogs.UserDialogs(this, {
            api: this.api,
            tenant: () => this.tenant,
            roles: () => this.roles,
            organizations: () => this.organizations,
            clearSelection: () => {
              this.selected = new Map();
              this.allMatching = false;
            },
            reload: () => this.reload(),
            selection: () => ({
              users: [...this.selected.values()],
              allMatching: this.allMatching ? { query: { ...this.query(null), limit: undefined }, status: this.filters.status === 'suspended' ? '' : this.filters.status } : null,
              total: this.total?.exact ? this.total.count : null,
              canSelectAllMatching: this.nextCursor !== null && this.users.every((u) => this.selected.has(u.id)),
            }),
            selectAllMatching: () => (this.allMatching = true),
            listQuery: () => ({ ...this.query(null), limit: undefined }),
            openImport: () => this.openImport(),
            openUser: (id) => this.openUser(id),
            hiddenColumns: () => this.hiddenColumns,
            setHiddenColumns: (columns) => this.setHiddenColumns(columns),
            // A change made in a user's page: the row shows it at once (no reload, the scroll position stays).
            changed: (change, user) => {
              if (change === 'user-created') return this.reload();
              if (change === 'user-deleted') {
                this.users = this.users.filter((u) => u.id !== user.id);
                this.selected.delete(user.id);
              } else this.users = this.users.map((u) => (u.id === user.id ? { ...u, ...user } : u));
            },
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
    // A row's height: the host's --roster-row-height, or a card's where the element is narrow (the styles' container
    // query changes the row token the probe is as tall as). Crossing the width keeps the first visible user in view.
    const height = this.rowProbe?.offsetHeight || 44;
    if (height !== this.rowHeight) {
      const first = Math.floor(this.scroller.scrollTop / this.rowHeight);
      this.rowHeight = height;
      this.scroller.scrollTop = first * height;
      this.requestUpdate();
    }
    this.visibleCount = Math.ceil(this.scroller.clientHeight / this.rowHeight) + 1;
    this.onScroll();
  }

  private onScroll(): void {
    const el = this.scroller;
    if (!el) return;
    // The row height is a token a host may change at any time and in any unit (a denser theme): rows are placed by
    // CSS from it, and the visible window is worked out from a hidden element of that height (scrolling has laid it out).
    this.rowHeight = this.rowProbe?.offsetHeight || 44;
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

  private toggleSort(key: UserSortKey | `attr.${string}`): void {
    if (this.sort === key) this.order = this.order === 'asc' ? 'desc' : 'asc';
    else {
      this.sort = key;
      this.order = 'asc';
    }
    this.reload();
  }

  clearAll(): void {
    this.q = '';
    this.filters = { ...NO_FILTERS };
    this.tree = null;
    this.reload();
  }

  private select(user: User): void {
    if (this.dispatchEvent(new UserSelectEvent(user))) this.openUser(user.id);
  }

  /** Opens (or, with '', closes) a user's page, and tells the host. */
  private openUser(id: string): void {
    if (id === this.selectedUserId) return;
    this.selectedUserId = id;
    this.dispatchEvent(new CustomEvent('selected-user-change', { detail: { userId: id || null }, bubbles: true, composed: true }));
  }


  /**
   * The ARIA grid pattern (APG): arrows move between cells, Home/End to the row's first and last cell, Ctrl+Home/End
   * to the first and last row, Page Up/Down by a screenful; Enter opens the user, Space selects the row. A control in
   * a cell (the checkbox, the actions button) keeps its own keys.
   */
  private onRowKeydown(e: KeyboardEvent, index: number): void {
    const target = e.target as HTMLElement;
    const cell = target.closest('[role="gridcell"]');
    const column = cell?.parentElement ? [...cell.parentElement.children].indexOf(cell) : this.focusedColumn;
    const control = target.matches('input, button');
    if (e.key === 'Enter' && !control) {
      e.preventDefault();
      const user = this.users[index];
      if (user) this.select(user);
      return;
    }
    if (e.key === ' ' && !control) {
      e.preventDefault();
      const user = this.users[index];
      if (user) this.toggleSelected(user, !this.selected.has(user.id));
      return;
    }
    // The keys move between the visible columns: positions among them, mapped back to the row's cells.
    const visible = this.hiddenCells.flatMap((h, i) => (h ? [] : [i]));
    const next = cellAfterKey(e, { row: index, column: Math.max(0, visible.indexOf(column)) }, { rows: this.users.length, columns: visible.length, page: this.visibleCount - 1, rtl: getComputedStyle(this).direction === 'rtl' });
    if (!next) return;
    e.preventDefault();
    void this.focusCell(next.row, visible[next.column]!);
  }

  private async focusCell(index: number, column: number): Promise<void> {
    this.focusedIndex = index;
    this.focusedColumn = column;
    const el = this.scroller;
    if (el) {
      const top = index * this.rowHeight;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + this.rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + this.rowHeight - el.clientHeight;
      this.onScroll();
    }
    await this.updateComplete;
    const cell = this.renderRoot.querySelector<HTMLElement>(`[data-index="${index}"] > :nth-child(${column + 1})`);
    (cell?.querySelector<HTMLElement>('input, button') ?? cell)?.focus();
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.syncInputs(changed);
  }

  private toggleSelected(user: User, on: boolean) {
    const next = new Map(this.selected);
    if (on) next.set(user.id, user);
    else next.delete(user.id);
    this.selected = next;
    this.allMatching = false;
  }

  /** The header's checkbox: every loaded user, or none. */
  private toggleAll(on: boolean) {
    this.selected = on ? new Map(this.users.map((u) => [u.id, u])) : new Map();
    this.allMatching = false;
  }

  /** A landmark's name, told apart by the host's own name for this table (`aria-label` on the element) where a page has several. */
  private named(label: string): string {
    const host = this.getAttribute('aria-label')?.trim();
    return host ? `${label} — ${host}` : label;
  }

  private header(key: UserSortKey | `attr.${string}` | null, label: string, column: number) {
    const hidden = this.hiddenCells[column];
    if (!key) return html`<div role="columnheader" part="header-cell" ?hidden=${hidden}>${label}</div>`;
    const active = this.sort === key;
    const ariaSort = active ? (this.order === 'asc' ? 'ascending' : 'descending') : 'none';
    return html`<div role="columnheader" part="header-cell" ?hidden=${hidden} aria-sort=${ariaSort}>
      <button type="button" data-sort=${key} aria-label=${this.t.sortBy(label)} @click=${() => this.toggleSort(key)}>
        ${label}<span class="arrow" aria-hidden="true">${active ? (this.order === 'asc' ? '▲' : '▼') : ''}</span>
      </button>
    </div>`;
  }

  private row(user: User, index: number) {
    return renderRow(this.t, user, index, {
      top: `calc(${index} * var(--_row))`,
      focusedColumn: index === this.focusedIndex ? this.focusedColumn : null,
      hidden: this.hiddenCells,
      selected: this.selected.has(user.id),
      organization: user.organizationId ? this.organizations.find((o) => o.id === user.organizationId)?.name ?? '' : '',
      roles: user.roles.map((r) => roleName(translate(this, 'roles', rolesEn), this.roles.find((x) => x.id === r.id) ?? { key: null, name: r.name })).join(', '),
      created: formatDate(this, user.createdAt),
      hasActions: !!this.tenant && actionsFor(this.tenant, user).length > 0,
      attributes: this.attributeColumns.map((a) => a.text(user)),
      activate: () => {
        this.focusedIndex = index;
        this.select(user);
      },
      keydown: (e) => this.onRowKeydown(e, index),
      toggle: (on) => this.toggleSelected(user, on),
      openActions: () => this.dialogs?.openActions(user),
    });
  }

  /** The roles as the filter lists them: built-in ones by their key, in the element's language. */
  namedRoles(): Role[] {
    const words = translate(this, 'roles', rolesEn);
    return this.roles.map((r) => ({ ...r, name: roleName(words, r) }));
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
        <div><button type="button" part="button" @click=${() => this.reload()}>${t.retry}</button></div>
      </div>`;
    }
    if (this.loading && this.users.length === 0) {
      return html`<div part="loading" class="state" role="status"><span class="sr-only">${t.loading}</span>
        ${[0, 1, 2, 3, 4].map(() => html`<div class="skeleton"></div>`)}</div>`;
    }
    if (this.users.length === 0) {
      const filtered = this.q.trim() !== '' || !!this.tree || JSON.stringify(this.filters) !== JSON.stringify(NO_FILTERS);
      return html`<div part="empty" class="state" role="status">
        <strong>${filtered ? t.emptyFiltered(this.q.trim()) : t.empty}</strong>
        ${filtered ? html`<button type="button" part="button" @click=${() => this.clearAll()}>${t.clearFilters}</button>` : nothing}
      </div>`;
    }
    const start = Math.max(0, this.firstVisible - OVERSCAN);
    const end = Math.min(this.users.length, this.firstVisible + this.visibleCount + OVERSCAN);
    const slice = [];
    for (let i = start; i < end; i++) slice.push(this.row(this.users[i]!, i));
    return html`<div class="spacer" role="rowgroup" .style=${`height: calc(${this.users.length} * var(--_row))`}>${slice}</div>`;
  }

  /** Under the loaded rows (outside the table, which holds rows only): the next page loading, or why it failed. */
  private pagination() {
    const t = this.t;
    return html`${this.loading ? html`<div part="pagination" class="more" role="status">${t.loadingMore}</div>` : nothing}
      ${this.error ? html`<div part="pagination" class="more" role="alert">${this.errorMessage(this.error)} <button type="button" part="button" @click=${() => this.loadPage(true)}>${t.retry}</button></div>` : nothing}`;
  }

  override render() {
    const t = this.t;
    const c = t.columns;
    const all = this.users.length > 0 && this.users.every((u) => this.selected.has(u.id));
    const hidden = this.hiddenCells;
    const shown = this.tracks.filter((_, i) => !hidden[i]);
    return html`<div class="frame" .style=${`--_cols: ${shown.map((c) => c[0]).join(' ')}; --_min: ${shown.reduce((n, c) => n + c[1], 0) + 1}rem`}><div class="probe" aria-hidden="true"></div>
      <div part="toolbar" class="toolbar" role="search" aria-label=${this.named(t.search)}>
        <label class="field search">${t.search}
          <input part="search" type="search" .value=${this.q} placeholder=${t.searchPlaceholder} @input=${this.onSearchInput}
            @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && (clearTimeout(this.searchTimer), this.reload())} />
        </label>
        ${renderFilters(t, this.filters, this.organizations, this.namedRoles(), (key, value) => this.setFilter(key, value))}
        <roster-filter-chips .host=${this} .value=${this.tree} @filter-change=${(e: { value: FilterGroup | null }) => ((this.tree = e.value), this.reload())}></roster-filter-chips>
        <span part="count" class="count" aria-live="polite">${this.total ? t.total(this.total.count, this.total.exact) : this.users.length ? t.count(this.users.length, this.nextCursor !== null) : ''}</span>
        ${this.dialogs?.renderToolbar() ?? nothing}
      </div>
      ${this.dialogs?.renderBar() ?? nothing}
      <div part="table" class="table" role="grid" aria-label=${this.named(t.search)} aria-rowcount=${this.nextCursor ? -1 : this.users.length + 1} aria-busy=${this.loading ? 'true' : 'false'}>
        <div class="scroller" @scroll=${this.onScroll}>
          <div class="head" role="rowgroup">
            <div part="header" class="row header" role="row" aria-rowindex="1">
              <div role="columnheader" part="header-cell"><input type="checkbox" aria-label=${t.selectPage} .checked=${all} .indeterminate=${!all && this.selected.size > 0} ?disabled=${!this.users.length} @change=${(e: Event) => this.toggleAll((e.target as HTMLInputElement).checked)} /></div>${this.header('firstName', c.firstName, 1)}${this.header('lastName', c.lastName, 2)}${this.header(null, c.email, 3)}${this.header('username', c.username, 4)}${this.header(null, c.kind, 5)}${this.header(null, c.organization, 6)}${this.header(null, c.roles, 7)}${this.header('status', c.status, 8)}${this.header('mfa', c.mfa, 9)}${this.header(null, c.invitation, 10)}${this.header(null, c.availability, 11)}${this.header('createdAt', c.created, 12)}${this.attributeColumns.map((a, i) => this.header(a.sort, a.label, FIXED_CELLS + i))}<div role="columnheader" part="header-cell"><span class="sr-only">${t.actionsColumn}</span></div>
            </div>
          </div>
          ${this.users.length ? this.body() : nothing}
        </div>
      </div>
      ${this.users.length ? this.pagination() : this.body()}
      ${this.dialogs?.render() ?? nothing}
      ${this.dialogs?.renderSheet(this.selectedUserId) ?? nothing}
      ${this.importLoaded
        ? html`<import-modal exportparts=${IMPORT_PARTS} base-url=${this.baseUrl} .token=${this.token} .tokenProvider=${this.tokenProvider} kind=${this.filters.kind === 'end_user' ? 'end_user' : 'technician'}
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
