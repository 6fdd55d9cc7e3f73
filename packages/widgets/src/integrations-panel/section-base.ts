import { html, nothing } from 'lit';
import type { Issue } from '@roster/contract';
import { ApiError, type ApiClient } from '../internal/api-client.js';
import { issuesByField } from '../internal/field-issues.js';
import type { IntegrationsPanelStrings } from '../translations/integrations-panel.js';

/** What a section of `<roster-integrations-panel>` uses of it. */
export interface SectionPanel {
  readonly api: ApiClient;
  readonly words: IntegrationsPanelStrings;
  requestUpdate(): void;
  /** Focuses the element `selector` names once it is on screen. */
  focusLater(selector: string): void;
  /** Says `text` in the panel's polite live region. */
  say(text: string): void;
  messageOf(error: unknown): string;
  date(iso: string): string;
  /** A field's issues in the panel's language ('' when none). */
  issueText(issues: readonly Issue[] | undefined): string;
  /** The one-time secret view: `done` is what gets the focus once it is acknowledged and closed. */
  showSecret(secret: { title: string; warning: string; secretLabel: string; secret: string; done: string }): void;
}

/**
 * What the webhooks and API keys sections have in common: a list loaded the first time the section is shown (with its
 * loading and error states), one view at a time (the list, a create form, a confirmation…) with the focus moved to it,
 * and actions run one at a time whose failure shows as the server's field issues beside their field on the create form,
 * else as a banner.
 */
export abstract class ListSection<Item, View extends { kind: string }, Field extends string> {
  view = { kind: 'list' } as View;
  protected items: Item[] | null = null;
  protected loading = false;
  protected error = '';
  protected issues: Partial<Record<Field, Issue[]>> = {};
  protected banner = '';
  protected busy = false;

  /** `fields`: those of the create form; `newButton`: the selector of its button, focused back on the list. */
  constructor(
    protected readonly panel: SectionPanel,
    private readonly fields: readonly Field[],
    private readonly newButton: string,
  ) {}

  /** The section's list, from the server. */
  protected abstract fetchItems(): Promise<Item[]>;

  protected show(view: View, focus: string) {
    this.view = view;
    this.issues = {};
    this.banner = '';
    this.panel.focusLater(focus);
    this.panel.requestUpdate();
  }

  /** The section is shown: its list is loaded the first time. */
  open(): void {
    if (this.items === null && !this.loading) void this.load();
  }

  /** Back to the list, the focus on `focus` (or the button that adds one). */
  toList(focus = this.newButton): void {
    this.show({ kind: 'list' } as View, focus);
  }

  protected async run(action: () => Promise<void>) {
    if (this.busy) return;
    this.busy = true;
    this.banner = '';
    this.panel.requestUpdate();
    try {
      await action();
    } catch (error) {
      if (!(error instanceof ApiError && error.status !== 0 && this.showIssues(error.issues))) this.banner = this.panel.messageOf(error);
    } finally {
      this.busy = false;
      this.panel.requestUpdate();
    }
  }

  private showIssues(issues: readonly Issue[]): boolean {
    if (this.view.kind !== 'create') return false;
    const byField = (this.issues = issuesByField(issues, this.fields, true));
    if (Object.keys(byField).length === 0) return false;
    this.panel.focusLater('[aria-invalid="true"]');
    return true;
  }

  protected async load() {
    this.loading = true;
    this.error = '';
    this.panel.requestUpdate();
    try {
      this.items = await this.fetchItems();
    } catch (e) {
      this.error = this.panel.messageOf(e);
    } finally {
      this.loading = false;
      this.panel.requestUpdate();
    }
  }

  protected bannerView() {
    return this.banner ? html`<p class="error" role="alert">${this.banner}</p>` : nothing;
  }
}
