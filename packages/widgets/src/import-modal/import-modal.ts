import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import {
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  decodeImportBytes,
  type AccessGroup,
  type AttributeDefinition,
  type BulkImportResponse,
  type ImportMode,
  type Organization,
  type Role,
  type TenantContext,
  type UserKind,
} from '@roster/contract';
import { ApiClient, ApiError, TokenSource, type TokenProvider } from '../internal/api-client.js';
import type { FromWorker } from './protocol.js';
import { styles } from './import-modal.styles.js';
import { tokens } from '../internal/theme.styles.js';
import type { ImportModalStrings } from '../translations/index.js';
import { importModalEn } from '../translations/import-modal.js';
import { screenWords } from '../translations/screen-words.js';
import { LanguageController, localeOf } from '../internal/language.js';
import { ImportCompletedEvent } from '../events/import-completed.js';
import { ImportWorkerChannel } from './worker-channel.js';
import { renderPreview } from './preview-step.js';
import { activatedAtOnce, renderResult, type CopyState } from './result-view.js';
import { downloadText, renderInput, type ChoicesState } from './input-step.js';
import { renderFooter, renderProgress, type Progress } from './footer.js';
import { ImportTable } from './import-table.js';

/** The import's words in the built-in languages, each loaded with the import when it is shown in that language. */
const IMPORT_WORDS = {
  de: () => import('../translations/import-modal.de.js').then((m) => m.importModalDe),
  ar: () => import('../translations/import-modal.ar.js').then((m) => m.importModalAr),
};

type Step = 'input' | 'preview' | 'committing' | 'result';

/**
 * @summary Bulk import of technicians or end users: paste cells from Excel or Google Sheets or drop a CSV/TSV file,
 * check the column mapping, fix every marked cell in place, assign roles or groups to selected rows, then import
 * all-or-nothing or row by row. Parsing and validation run in a Web Worker with the very rules the server applies.
 *
 * @fires import-completed - Users were imported; `event.result` holds counts and per-row results.
 *
 * @csspart dialog - The dialog.
 * @csspart dialog-header - Its header: title and close button (`dialog-title`, `close-button`).
 * @csspart dialog-body - The current step (also `step-input`, `step-preview`, `step-committing` or `step-result`).
 * @csspart dialog-footer - The step's buttons.
 * @csspart button - Each button of the footer (also `button-primary`).
 * @csspart options - Who is imported and what errors do.
 * @csspart drop-zone - Where cells are pasted or a file dropped (the text area is `paste`).
 * @csspart banner - A message (also `banner-error` or `banner-ok`).
 * @csspart toolbar - The preview's header row option, filter and row count.
 * @csspart preview - The preview grid (its rows `preview-header`, `preview-row`).
 * @csspart assign - Roles and group for the selected rows (its `<role-picker>`: `role-list`, `role-option`…).
 * @csspart progress - Reading, checking or importing.
 * @csspart result - What was imported (counts or banner); `log` is the table of rows not imported.
 * @cssproperty --roster-accent - And the other `--roster-*` tokens of docs/theming.md.
 */
export class ImportModal extends LitElement {
  static override styles = [tokens, styles];

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
  /** The tenant's custom attributes: columns of their own (headed by key or label), checked by their definitions. */
  @state() private attributeDefinitions: AttributeDefinition[] = [];
  @state() private organizations: Organization[] = [];
  @state() private loadError = '';
  @state() private mode: ImportMode = 'atomic';
  /** Off: `sendInvitations: false` (migrating in): no email; users with an imported password hash are active at once. */
  @state() private sendInvitations = true;
  /** Of the last import: how many of the imported users were activated at once (an imported password, no invitation). */
  @state() private activated = 0;
  @state() private dragging = false;
  @state() private inputError = '';
  @state() private progress: Progress | null = null;
  @state() private errorsOnly = false;
  @state() private assignRoles: string[] = [];
  @state() private assignGroup = '';
  @state() private gridScroll = 0;
  @state() private serverError: { message: string; seats?: boolean } | null = null;
  @state() private result: BulkImportResponse | null = null;
  /** Whether Copy the log reached the clipboard (said beside the button, politely). */
  @state() private copyState: CopyState = '';

  @query('dialog') private dialog!: HTMLDialogElement;
  private readonly tokens = new TokenSource(() => ({ token: this.token, provider: this.tokenProvider }));
  private readonly api = new ApiClient(() => this.baseUrl, this.tokens, () => localeOf(this));
  private readonly worker = new ImportWorkerChannel(this, (m) => this.onWorker(m), (why) => {
    this.progress = null;
    this.inputError = why === 'stopped' ? this.t.errors.stopped : this.t.errors.noWorker;
  });
  private readonly table = new ImportTable(this, this.worker, () => {
    this.serverError = null;
    this.progress = { label: this.t.checking, done: 0, total: 1 };
  });
  /** One key per checked state of the table: a retried commit of the same rows imports them once. */
  private idempotencyKey = '';

  private readonly language = new LanguageController(this);

  private get t(): ImportModalStrings {
    return screenWords(this, 'importModal', importModalEn, IMPORT_WORDS);
  }

  /** The locale for numbers: the element's (`de` → 1.000), as its words. */
  private get locale() {
    return localeOf(this);
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
      const [tenant, roles, groups, orgs, attributes] = await Promise.all([
        this.api.tenant(),
        this.api.listRoles(),
        this.api.listAccessGroups(),
        this.api.listOrganizations(),
        // An older server without attributes: the import goes on without attribute columns.
        this.api.call('GET /v1/attributes', {}).catch(() => ({ items: [] as AttributeDefinition[] })),
      ]);
      this.attributeDefinitions = attributes.items;
      this.tenant = tenant;
      this.roles = roles.items;
      this.groups = groups.items;
      this.organizations = orgs.items;
      this.mode = tenant.profile.importMode;
    } catch (e) {
      this.loadError = e instanceof ApiError && e.status !== 0 ? e.message : this.t.errors.prepare;
    }
  }

  private onWorker(m: FromWorker) {
    switch (m.type) {
      case 'table':
        this.table.read(m);
        this.step = 'preview';
        if (m.total > MAX_IMPORT_ROWS) this.table.parseErrors = [...m.errors, this.t.tooManyRows(m.total.toLocaleString(this.locale), MAX_IMPORT_ROWS.toLocaleString(this.locale))];
        if (m.errors.length) this.progress = null;
        break;
      case 'rows':
        this.table.received(m.rows);
        break;
      case 'progress':
        this.progress = { label: m.phase === 'parse' ? this.t.reading : this.t.checkingRows(m.total.toLocaleString(this.locale)), done: m.done, total: m.total };
        break;
      case 'issues':
        this.table.checked(m);
        this.progress = null;
        this.idempotencyKey = crypto.randomUUID();
        break;
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
      attributes: this.attributeDefinitions.map((d) => ({ key: d.key, labels: d.labels, type: d.type, options: d.options, required: d.required })),
    });
  }

  private requestBody(confirmAddSeats: boolean): Promise<string> {
    return this.worker.requestBody({ kind: this.kind, organizationId: this.kind === 'end_user' ? this.organizationId || null : null, mode: this.mode, confirmAddSeats, sendInvitations: this.sendInvitations });
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

  // ------------------------------------------------------------------ preview

  private setOrganization(id: string) {
    this.organizationId = id;
    if (this.step === 'preview') this.table.revalidate({ hasDefaultOrganization: id !== '' });
  }

  private async commit(confirmAddSeats = false) {
    this.serverError = null;
    const count = this.table.rowCount;
    this.step = 'committing';
    this.progress = { label: this.t.checkingAgainstAccount(count.toLocaleString(this.locale)), done: 0, total: 0 };
    try {
      const json = await this.requestBody(confirmAddSeats);
      const dry = await this.api.bulkImport(json, { dryRun: true });
      if (this.mode === 'per-row' && dry.imported === 0) {
        this.step = 'preview';
        this.progress = null;
        this.table.mergeServerIssues(dry.results.flatMap((r) => r.issues ?? []), localeOf(this));
        this.serverError = { message: this.t.errors.nothingImportable };
        return;
      }
      this.progress = { label: this.t.importingUsers(dry.imported.toLocaleString(this.locale)), done: 0, total: 0 };
      this.result = await this.api.bulkImport(json, { dryRun: false, idempotencyKey: this.idempotencyKey });
      this.activated = this.sendInvitations ? 0 : activatedAtOnce(json, this.result);
      this.step = 'result';
      this.progress = null;
      this.dispatchEvent(new ImportCompletedEvent(this.result));
    } catch (e) {
      this.step = 'preview';
      this.progress = null;
      if (e instanceof ApiError && e.status !== 0) {
        this.table.mergeServerIssues(e.issues, localeOf(this));
        this.serverError = { message: e.message, seats: e.code === 'seat_limit_reached' };
      } else this.serverError = { message: this.t.errors.network };
    }
  }

  /** Issues the server found (existing users, limits) are shown in the grid like the worker's. */
  private reset() {
    this.step = 'input';
    this.table.reset();
    this.result = null;
    this.serverError = null;
  }

  // ------------------------------------------------------------------ render

  private async copyLog(text: string): Promise<void> {
    this.copyState = '';
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      this.copyState = 'copied';
    } catch {
      this.copyState = 'failed';
    }
  }

  override render() {
    return html`<dialog part="dialog" aria-labelledby="title" @close=${() => this.onClosed()} @cancel=${(e: Event) => this.step === 'committing' && e.preventDefault()}>
      <div class="frame">
        <header part="dialog-header">
          <h2 part="dialog-title" id="title">${this.t.title(this.kind)}</h2>
          <button type="button" part="close-button" aria-label=${this.t.close} ?disabled=${this.step === 'committing'} @click=${() => this.close()}>✕</button>
        </header>
        <div part="dialog-body step-${this.step}" class="content">
          ${this.loadError ? html`<div part="banner banner-error" class="banner error" role="alert">${this.loadError} <button type="button" class="link" @click=${() => this.loadContext()}>${this.t.tryAgain}</button></div>` : nothing}
          ${this.step === 'input' ? this.renderInput() : nothing}
          ${this.step === 'preview' || this.step === 'committing' ? this.renderPreview() : nothing}
          ${this.step === 'result' && this.result ? renderResult(this.t, this.locale, this.result, { sent: this.sendInvitations, activated: this.activated }, downloadText, { state: this.copyState, run: (text) => void this.copyLog(text) }) : nothing}
          ${this.progress ? renderProgress(this.progress, this.locale) : nothing}
        </div>
        ${this.renderFooter()}
      </div>
    </dialog>`;
  }

  private choices(): ChoicesState {
    return {
      t: this.t,
      locked: this.step !== 'input',
      busy: this.step === 'committing',
      kind: this.kind,
      organizationId: this.organizationId,
      organizations: this.organizations,
      mode: this.mode,
      sendInvitations: this.sendInvitations,
      setKind: (kind) => (this.kind = kind),
      setOrganization: (id) => this.setOrganization(id),
      setMode: (mode) => (this.mode = mode),
      setSendInvitations: (on) => (this.sendInvitations = on),
    };
  }

  private renderInput() {
    return renderInput(
      {
        t: this.t,
        locale: this.locale,
        profile: this.tenant?.profile ?? null,
        kind: this.kind,
        attributes: this.attributeDefinitions,
        dragging: this.dragging,
        inputError: this.inputError,
        setDragging: (on) => (this.dragging = on),
        paste: (e) => this.onPaste(e),
        drop: (e) => this.onDrop(e),
        file: (file) => void this.onFile(file),
      },
      this.choices(),
    );
  }

  private renderPreview() {
    return renderPreview({
      t: this.t,
      locale: this.locale,
      table: this.table,
      attributes: this.attributeDefinitions,
      choices: this.choices(),
      busy: this.step === 'committing',
      working: !!this.progress,
      mode: this.mode,
      serverError: this.serverError,
      errorsOnly: this.errorsOnly,
      scrollTop: this.gridScroll,
      assign: {
        roles: this.roles,
        groups: this.groups,
        grantablePermissions: this.tenant?.permissions ?? [],
        assignRoles: this.assignRoles,
        assignGroup: this.assignGroup,
        chooseRoles: (ids) => (this.assignRoles = ids),
        chooseGroup: (name) => (this.assignGroup = name),
        apply: (field) => this.table.applyToSelected(field, field === 'roles' ? this.assignRoles.map((id) => this.roles.find((r) => r.id === id)?.name ?? '').join(', ') : this.assignGroup, this.t.fields[field]),
      },
      addSeats: () => void this.commit(true),
      showErrorsOnly: (on) => {
        this.errorsOnly = on;
        this.gridScroll = 0;
      },
      scrolled: (top) => (this.gridScroll = top),
    });
  }

  private renderFooter() {
    return renderFooter({
      t: this.t,
      locale: this.locale,
      step: this.step,
      progress: this.progress,
      ready: !!this.tenant,
      kind: this.kind,
      organizationId: this.organizationId,
      mode: this.mode,
      columns: this.table.columns,
      rowCount: this.table.rowCount,
      invalidRows: this.table.invalidRows,
      parseErrors: this.table.parseErrors.length,
      reset: () => this.reset(),
      close: () => this.close(),
      preview: () => void this.load((this.renderRoot.querySelector('#paste') as HTMLTextAreaElement).value, 'file'),
      commit: () => void this.commit(),
    });
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
