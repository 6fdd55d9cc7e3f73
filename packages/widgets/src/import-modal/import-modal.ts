import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import {
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  decodeImportBytes,
  importFields,
  importTemplate,
  type AccessGroup,
  type BulkImportResponse,
  type ImportField,
  type ImportMode,
  type Organization,
  type Role,
  type TenantContext,
  type UserKind,
} from '@roster/contract';
import { ApiClient, ApiError, TokenSource, type TokenProvider } from '../internal/api-client.js';
import type { CellIssue, FromWorker, ToWorker } from './protocol.js';
import { styles } from './import-modal.styles.js';
import { translate, type ImportModalStrings } from '../translations/index.js';
import { importModalStrings } from '../translations/import-modal.js';
import { languageOf } from '../internal/language.js';
import { ImportCompletedEvent } from '../events/import-completed.js';
import { ImportWorkerChannel } from './worker-channel.js';
import { renderAssign, renderGrid, rowView } from './preview-grid.js';
import { renderResult } from './result-view.js';

type Step = 'input' | 'preview' | 'committing' | 'result';

/**
 * @summary Bulk import of technicians or end users: paste cells from Excel or Google Sheets or drop a CSV/TSV file,
 * check the column mapping, fix every marked cell in place, assign roles or groups to selected rows, then import
 * all-or-nothing or row by row. Parsing and validation run in a Web Worker with the very rules the server applies.
 *
 * @fires import-completed - Users were imported; `event.result` holds counts and per-row results.
 *
 * @csspart dialog - The dialog.
 * @cssproperty --roster-accent - Accent colour.
 */
export class ImportModal extends LitElement {
  static override styles = styles;

  @property({ attribute: 'base-url', reflect: true }) baseUrl = '';
  @property({ attribute: false }) token?: string;
  @property({ attribute: false }) tokenProvider?: TokenProvider;
  /** Who is imported: `technician` or `end_user`. */
  @property({ reflect: true }) kind: UserKind = 'technician';
  /** End users: the organization they join (the user can change it). */
  @property({ attribute: 'organization-id' }) organizationId = '';
  @property({ type: Boolean, reflect: true }) open = false;

  @state() private step: Step = 'input';
  @state() private tenant: TenantContext | null = null;
  @state() private roles: Role[] = [];
  @state() private groups: AccessGroup[] = [];
  @state() private organizations: Organization[] = [];
  @state() private loadError = '';
  @state() private mode: ImportMode = 'atomic';
  @state() private dragging = false;
  @state() private inputError = '';
  @state() private header: string[] | null = null;
  @state() private columns: (ImportField | null)[] = [];
  /** Data rows in the table (the worker holds them; `cache` has the ones in view). */
  @state() private rowCount = 0;
  @state() private parseErrors: string[] = [];
  @state() private issues = new Map<number, CellIssue[]>();
  @state() private invalidRows = 0;
  @state() private progress: { label: string; done: number; total: number } | null = null;
  @state() private errorsOnly = false;
  @state() private selected = new Set<number>();
  @state() private assignRoles: string[] = [];
  @state() private assignGroup = '';
  @state() private gridScroll = 0;
  @state() private serverError: { message: string; seats?: boolean } | null = null;
  @state() private result: BulkImportResponse | null = null;

  @query('dialog') private dialog!: HTMLDialogElement;
  private readonly tokens = new TokenSource(() => ({ token: this.token, provider: this.tokenProvider }));
  private readonly api = new ApiClient(() => this.baseUrl, this.tokens);
  private readonly worker = new ImportWorkerChannel(this, (m) => this.onWorker(m), (why) => {
    this.progress = null;
    this.inputError = why === 'stopped' ? this.t.errors.stopped : this.t.errors.noWorker;
  });
  private pendingEdits: [number, number, string][] = [];
  private cache = new Map<number, string[]>();
  private editTimer: ReturnType<typeof setTimeout> | undefined;
  /** One key per checked state of the table: a retried commit of the same rows imports them once. */
  private idempotencyKey = '';

  private get t(): ImportModalStrings {
    return translate(this, importModalStrings);
  }

  /** The language for numbers: the element's (`de` → 1.000), as its words. */
  private get locale() {
    return languageOf(this);
  }

  /** Opens the dialog (loads the tenant's roles, groups and organizations on first use). */
  show(): void {
    this.open = true;
  }

  /** Closes the dialog; a finished import starts afresh next time, an unfinished one is kept. */
  close(): void {
    this.open = false;
  }

  private onClosed() {
    this.open = false;
    if (this.step === 'result') this.reset();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.tokens.dispose();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('open')) {
      if (this.open && !this.dialog.open) {
        this.dialog.showModal();
        if (!this.tenant) void this.loadContext();
      } else if (!this.open && this.dialog.open) this.dialog.close();
    }
  }

  private async loadContext() {
    this.loadError = '';
    try {
      const [tenant, roles, groups, orgs] = await Promise.all([this.api.tenant(), this.api.listRoles(), this.api.listAccessGroups(), this.api.listOrganizations()]);
      this.tenant = tenant;
      this.roles = roles.items;
      this.groups = groups.items;
      this.organizations = orgs.items;
      this.mode = tenant.profile.importMode;
    } catch (e) {
      this.loadError = e instanceof ApiError ? e.message : this.t.errors.prepare;
    }
  }

  private post(m: ToWorker) {
    this.worker.post(m);
  }

  private onWorker(m: FromWorker) {
    switch (m.type) {
      case 'table':
        this.header = m.header;
        this.columns = [...m.columns, ...Array.from({ length: Math.max(0, m.width - m.columns.length) }, () => null)];
        this.rowCount = m.total;
        this.cache = new Map();
        this.parseErrors = m.errors;
        this.step = 'preview';
        this.selected = new Set();
        this.issues = new Map();
        if (m.total > MAX_IMPORT_ROWS) this.parseErrors = [...m.errors, this.t.tooManyRows(m.total.toLocaleString(this.locale), MAX_IMPORT_ROWS.toLocaleString(this.locale))];
        if (m.errors.length) this.progress = null;
        break;
      case 'rows':
        for (const [i, cells] of m.rows) this.cache.set(i, cells);
        this.requestUpdate();
        break;
      case 'progress':
        this.progress = { label: m.phase === 'parse' ? this.t.reading : this.t.checkingRows(m.total.toLocaleString(this.locale)), done: m.done, total: m.total };
        break;
      case 'issues': {
        const map = new Map<number, CellIssue[]>();
        for (const issue of m.issues) {
          const list = map.get(issue[0]);
          if (list) list.push(issue);
          else map.set(issue[0], [issue]);
        }
        this.issues = map;
        this.invalidRows = m.invalidRows;
        if (m.total !== this.rowCount || m.header !== this.header) this.cache = new Map();
        this.rowCount = m.total;
        this.header = m.header;
        this.progress = null;
        this.idempotencyKey = crypto.randomUUID();
        break;
      }
      case 'failed':
        this.progress = null;
        this.inputError = this.t.errors.notRead(m.message);
        break;
    }
  }

  private async load(text: string, source: 'clipboard' | 'file') {
    this.inputError = '';
    this.serverError = null;
    this.result = null;
    // Characters are at most bytes: a cheap first check here, the exact byte count in the worker.
    if (text.length > MAX_IMPORT_BYTES) {
      this.inputError = this.t.errors.tooLarge(MAX_IMPORT_BYTES / 1024 / 1024);
      return;
    }
    if (text.trim() === '') {
      this.inputError = this.t.errors.nothing;
      return;
    }
    if (!this.tenant) {
      this.inputError = this.t.errors.stillLoading;
      return;
    }
    this.progress = { label: this.t.reading, done: 0, total: 1 };
    await this.worker.load(text, {
      source,
      profile: this.tenant.profile,
      kind: this.kind,
      hasDefaultOrganization: this.kind === 'end_user' && this.organizationId !== '',
      catalog: {
        roles: this.roles.map((r) => ({ id: r.id, key: r.key, name: r.name, permissions: r.permissions })),
        groups: this.groups.map((g) => ({ id: g.id, name: g.name })),
        organizations: this.organizations.map((o) => ({ id: o.id, name: o.name })),
        granted: [...this.tenant.permissions],
      },
    });
  }

  private revalidate(extra: Omit<Extract<ToWorker, { type: 'update' }>, 'type'> = {}) {
    clearTimeout(this.editTimer);
    const edits = this.pendingEdits;
    this.pendingEdits = [];
    this.serverError = null;
    this.progress = { label: this.t.checking, done: 0, total: 1 };
    this.post({ type: 'update', edits, ...extra });
  }

  private requestBody(confirmAddSeats: boolean): Promise<string> {
    return this.worker.requestBody({ kind: this.kind, organizationId: this.kind === 'end_user' ? this.organizationId || null : null, mode: this.mode, confirmAddSeats });
  }

  // ------------------------------------------------------------------ input

  private async onFile(file: File | undefined) {
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {
      this.inputError = this.t.errors.fileTooLarge(file.name, MAX_IMPORT_BYTES / 1024 / 1024);
      return;
    }
    void this.load(decodeImportBytes(new Uint8Array(await file.arrayBuffer())), 'file');
  }

  private onPaste(e: ClipboardEvent) {
    const text = e.clipboardData?.getData('text/plain');
    if (!text) return;
    e.preventDefault();
    void this.load(text, 'clipboard');
  }

  private onDrop(e: DragEvent) {
    e.preventDefault();
    this.dragging = false;
    void this.onFile(e.dataTransfer?.files[0]);
  }

  private download(name: string, text: string, type: string) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  // ------------------------------------------------------------------ preview

  private setCell(row: number, column: number, value: string) {
    const cells = this.cache.get(row);
    if (cells) {
      while (cells.length <= column) cells.push('');
      cells[column] = value;
    }
    this.pendingEdits.push([row, column, value]);
    clearTimeout(this.editTimer);
    this.editTimer = setTimeout(() => this.revalidate(), 250);
  }

  /** Asks the worker for the rows in view that the page does not hold yet (one request at a time). */
  private fetchRows(indices: number[]) {
    if (this.worker.fetching || indices.length === 0) return;
    if (this.cache.size > 2_000) this.cache = new Map();
    this.worker.requestRows(indices);
  }

  private setOrganization(id: string) {
    this.organizationId = id;
    if (this.step === 'preview') this.revalidate({ hasDefaultOrganization: id !== '' });
  }

  private setColumn(index: number, field: ImportField | null) {
    this.columns = this.columns.map((f, i) => (i === index ? field : f === field && field !== null ? null : f));
    this.revalidate({ columns: this.columns });
  }

  private setHasHeader(on: boolean) {
    this.selected = new Set();
    this.cache = new Map();
    this.revalidate({ hasHeader: on });
  }

  private removeRows(indices: number[]) {
    this.rowCount -= new Set(indices).size;
    this.selected = new Set();
    this.cache = new Map();
    this.revalidate({ removed: indices });
  }

  /** Column of a field, adding one at the end when the table has none. */
  private columnOf(field: ImportField): number {
    let index = this.columns.indexOf(field);
    if (index === -1) {
      index = this.columns.length;
      this.columns = [...this.columns, field];
      if (this.header) this.header = [...this.header, this.t.fields[field]];
    }
    return index;
  }

  private applyToSelected(field: 'roles' | 'groups', value: string) {
    const column = this.columnOf(field);
    for (const row of this.selected) this.setCell(row, column, value);
    this.revalidate({ columns: this.columns });
  }

  private async commit(confirmAddSeats = false) {
    this.serverError = null;
    const count = this.rowCount;
    this.step = 'committing';
    this.progress = { label: this.t.checkingAgainstAccount(count.toLocaleString(this.locale)), done: 0, total: 0 };
    try {
      const json = await this.requestBody(confirmAddSeats);
      const dry = await this.api.bulkImport(json, { dryRun: true });
      if (this.mode === 'per-row' && dry.imported === 0) {
        this.step = 'preview';
        this.progress = null;
        this.mergeServerIssues(dry.results.flatMap((r) => r.issues ?? []));
        this.serverError = { message: this.t.errors.nothingImportable };
        return;
      }
      this.progress = { label: this.t.importingUsers(dry.imported.toLocaleString(this.locale)), done: 0, total: 0 };
      this.result = await this.api.bulkImport(json, { dryRun: false, idempotencyKey: this.idempotencyKey });
      this.step = 'result';
      this.progress = null;
      this.dispatchEvent(new ImportCompletedEvent(this.result));
    } catch (e) {
      this.step = 'preview';
      this.progress = null;
      if (e instanceof ApiError) {
        this.mergeServerIssues(e.issues);
        this.serverError = { message: e.message, seats: e.code === 'seat_limit_reached' };
      } else this.serverError = { message: this.t.errors.network };
    }
  }

  /** Issues the server found (existing users, limits) are shown in the grid like the worker's. */
  private mergeServerIssues(list: { path: (string | number)[]; message: string }[]) {
    const map = new Map(this.issues);
    for (const issue of list) {
      if (issue.path[0] !== 'rows' || typeof issue.path[1] !== 'number') continue;
      const row = issue.path[1];
      const column = this.columns.indexOf(issue.path[2] as ImportField);
      const existing = map.get(row) ?? [];
      if (!existing.some((x) => x[2] === issue.message)) map.set(row, [...existing, [row, column, issue.message]]);
    }
    this.issues = map;
    this.invalidRows = map.size;
  }

  private reset() {
    this.step = 'input';
    this.rowCount = 0;
    this.cache = new Map();
    this.header = null;
    this.columns = [];
    this.issues = new Map();
    this.result = null;
    this.serverError = null;
    this.parseErrors = [];
    this.selected = new Set();
  }

  // ------------------------------------------------------------------ render

  override render() {
    return html`<dialog part="dialog" aria-labelledby="title" @close=${() => this.onClosed()} @cancel=${(e: Event) => this.step === 'committing' && e.preventDefault()}>
      <div class="frame">
        <header>
          <h2 id="title">${this.t.title(this.kind)}</h2>
          <button type="button" aria-label=${this.t.close} ?disabled=${this.step === 'committing'} @click=${() => this.close()}>✕</button>
        </header>
        <div class="content">
          ${this.loadError ? html`<div class="banner error" role="alert">${this.loadError} <button type="button" class="link" @click=${() => this.loadContext()}>${this.t.tryAgain}</button></div>` : nothing}
          ${this.step === 'input' ? this.renderInput() : nothing}
          ${this.step === 'preview' || this.step === 'committing' ? this.renderPreview() : nothing}
          ${this.step === 'result' && this.result ? renderResult(this.t, this.locale, this.result, (name, text, type) => this.download(name, text, type)) : nothing}
          ${this.progress ? this.renderProgress(this.progress) : nothing}
        </div>
        ${this.renderFooter()}
      </div>
    </dialog>`;
  }

  private renderChoices() {
    const locked = this.step !== 'input';
    return html`<div class="options">
      <fieldset ?disabled=${locked}>
        <legend>${this.t.who}</legend>
        <label><input type="radio" name="kind" .checked=${this.kind === 'technician'} @change=${() => (this.kind = 'technician')} /> ${this.t.technicians}</label>
        <label><input type="radio" name="kind" .checked=${this.kind === 'end_user'} @change=${() => (this.kind = 'end_user')} /> ${this.t.endUsers}</label>
      </fieldset>
      ${this.kind === 'end_user'
        ? html`<label class="field">${this.t.organization}
            <select ?disabled=${this.step === 'committing'} @change=${(e: Event) => this.setOrganization((e.target as HTMLSelectElement).value)}>
              <option value="" ?selected=${!this.organizationId}>${this.t.fromOrganizationColumn}</option>
              ${this.organizations.map((o) => html`<option value=${o.id} ?selected=${o.id === this.organizationId}>${o.name}</option>`)}
            </select></label>`
        : nothing}
      <label class="field">${this.t.ifErrors}
        <select ?disabled=${this.step === 'committing'} @change=${(e: Event) => (this.mode = (e.target as HTMLSelectElement).value as ImportMode)}>
          <option value="atomic" ?selected=${this.mode === 'atomic'}>${this.t.atomic}</option>
          <option value="per-row" ?selected=${this.mode === 'per-row'}>${this.t.perRow}</option>
        </select></label>
    </div>`;
  }

  private renderInput() {
    const template = this.tenant ? importTemplate(this.tenant.profile, this.kind) : null;
    return html`${this.renderChoices()}
      <div class="drop ${this.dragging ? 'over' : ''}" @dragover=${(e: DragEvent) => { e.preventDefault(); this.dragging = true; }} @dragleave=${() => (this.dragging = false)} @drop=${this.onDrop}>
        <label for="paste"><strong>${this.t.pasteLabel}</strong>${this.t.pasteLabelRest}</label>
        <textarea id="paste" placeholder=${this.t.pastePlaceholder} aria-describedby="paste-hint" @paste=${this.onPaste}></textarea>
        <p class="hint" id="paste-hint">${this.t.dropHint}<label style="color: var(--roster-accent); text-decoration: underline; cursor: pointer">${this.t.chooseFile}<input class="sr-only" type="file" accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values" @change=${(e: Event) => this.onFile((e.target as HTMLInputElement).files?.[0])} /></label>${this.t.dropHintRest(MAX_IMPORT_ROWS.toLocaleString(this.locale))}</p>
      </div>
      ${this.inputError ? html`<div class="banner error" role="alert">${this.inputError}</div>` : nothing}
      ${template
        ? html`<div class="links">
            <button type="button" class="link" @click=${() => this.download('roster-import-template.csv', template.csv, 'text/csv')}>${this.t.template}</button>
            <button type="button" class="link" @click=${() => this.download('roster-import-README.txt', template.readme, 'text/plain')}>${this.t.rules}</button>
          </div>`
        : nothing}`;
  }

  private renderPreview() {
    const view = rowView(this.rowCount, this.errorsOnly, this.issues);
    const busy = this.step === 'committing';
    return html`${this.renderChoices()}
      ${this.parseErrors.length
        ? html`<div class="banner error" role="alert">${this.t.unreadable}<ul>${this.parseErrors.slice(0, 5).map((m) => html`<li>${m}</li>`)}</ul></div>`
        : nothing}
      ${this.serverError
        ? html`<div class="banner error" role="alert">${this.serverError.message}
            ${this.serverError.seats ? html` <button type="button" class="link" @click=${() => this.commit(true)}>${this.t.addSeats}</button>` : nothing}</div>`
        : nothing}
      ${!this.progress && !this.parseErrors.length && !this.serverError
        ? this.invalidRows > 0
          ? html`<div class="banner error" role="status">${this.t.rowsHaveErrors(this.invalidRows.toLocaleString(this.locale), this.rowCount.toLocaleString(this.locale), this.mode === 'per-row')}</div>`
          : html`<div class="banner ok" role="status">${this.t.allValid(this.rowCount.toLocaleString(this.locale))}</div>`
        : nothing}
      <div class="toolbar">
        <label><input type="checkbox" .checked=${this.header !== null} ?disabled=${busy} @change=${(e: Event) => this.setHasHeader((e.target as HTMLInputElement).checked)} /> ${this.t.firstRowHeader}</label>
        <label><input type="checkbox" .checked=${this.errorsOnly} @change=${(e: Event) => { this.errorsOnly = (e.target as HTMLInputElement).checked; this.gridScroll = 0; }} /> ${this.t.onlyErrors}</label>
        ${this.selected.size ? html`<button type="button" ?disabled=${busy} @click=${() => this.removeRows([...this.selected])}>${this.t.removeSelected(this.selected.size)}</button>` : nothing}
        <span class="count">${this.t.rowsCount(view.length, this.selected.size)}</span>
      </div>
      ${this.selected.size ? this.renderAssign() : nothing}
      ${renderGrid({
        t: this.t,
        view,
        columns: this.columns,
        header: this.header,
        cache: this.cache,
        issues: this.issues,
        selected: this.selected,
        busy,
        scrollTop: this.gridScroll,
        fetchRows: (indices) => this.fetchRows(indices),
        setColumn: (c, field) => this.setColumn(c, field),
        setCell: (row, c, value) => this.setCell(row, c, value),
        select: (rows) => (this.selected = rows),
        toggle: (row, on) => {
          const next = new Set(this.selected);
          if (on) next.add(row);
          else next.delete(row);
          this.selected = next;
        },
        removeRows: (rows) => this.removeRows(rows),
        scrolled: (top) => (this.gridScroll = top),
      })}`;
  }

  private renderAssign() {
    return renderAssign({
      t: this.t,
      selected: this.selected.size,
      roles: this.roles,
      groups: this.groups,
      grantablePermissions: this.tenant?.permissions ?? [],
      assignRoles: this.assignRoles,
      assignGroup: this.assignGroup,
      chooseRoles: (ids) => (this.assignRoles = ids),
      chooseGroup: (name) => (this.assignGroup = name),
      apply: (field) => this.applyToSelected(field, field === 'roles' ? this.assignRoles.map((id) => this.roles.find((r) => r.id === id)?.name ?? '').join(', ') : this.assignGroup),
    });
  }

  private renderProgress(p: { label: string; done: number; total: number }) {
    return html`<div class="progress" role="status">
      <span>${p.label}${p.total > 1 ? ` ${Math.round((100 * p.done) / p.total)}%` : ''}</span>
      ${p.total > 1 ? html`<progress max=${p.total} .value=${p.done} aria-label=${p.label}></progress>` : html`<progress aria-label=${p.label}></progress>`}
    </div>`;
  }

  private renderFooter() {
    if (this.step === 'result') {
      return html`<footer><span class="spacer"></span>
        <button type="button" @click=${() => this.reset()}>${this.t.importMore}</button>
        <button type="button" class="primary" @click=${() => this.close()}>${this.t.done}</button></footer>`;
    }
    if (this.step === 'input') {
      return html`<footer><span class="spacer"></span><button type="button" @click=${() => this.close()}>${this.t.cancel}</button>
        <button type="button" class="primary" ?disabled=${!!this.progress || !this.tenant} @click=${() => void this.load((this.renderRoot.querySelector('#paste') as HTMLTextAreaElement).value, 'file')}>${this.t.preview}</button></footer>`;
    }
    const valid = this.rowCount - this.invalidRows;
    const blocked = !!this.progress || this.parseErrors.length > 0 || this.rowCount === 0 || this.rowCount > MAX_IMPORT_ROWS || (this.mode === 'atomic' ? this.invalidRows > 0 : valid === 0) || (this.kind === 'end_user' && !this.organizationId && !this.columns.includes('organization'));
    const n = this.mode === 'atomic' ? this.rowCount : valid;
    return html`<footer>
      <button type="button" ?disabled=${this.step === 'committing'} @click=${() => this.reset()}>${this.t.startOver}</button>
      <span class="spacer"></span>
      <button type="button" ?disabled=${this.step === 'committing'} @click=${() => this.close()}>${this.t.cancel}</button>
      <button type="button" class="primary" ?disabled=${blocked} @click=${() => this.commit()}>${this.t.importUsers(n, n.toLocaleString(this.locale))}</button>
    </footer>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'import-modal': ImportModal;
  }
  interface HTMLElementEventMap {
    'import-completed': ImportCompletedEvent;
  }
}
