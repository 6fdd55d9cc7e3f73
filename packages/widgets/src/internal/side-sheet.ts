import { css, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { deepActiveElement } from './focus.js';

/**
 * The side sheet of the panels `<user-table>`'s toolbar opens (organizations, integrations): a modal `<dialog>` at the
 * inline end, full height, its header (title, close button, live notice) and its scrolling body, with the list's
 * loading, error and monospace ID styles. Each panel adds its own on top.
 */
export const sideSheet = css`
  :host { display: contents; }
  dialog { margin: 0; margin-inline-start: auto; inset-block: 0; height: 100dvh; max-height: 100dvh; width: min(34rem, 100vw); max-width: 100vw; border-radius: 0; box-sizing: border-box; display: flex; flex-direction: column; }
  dialog:not([open]) { display: none; }
  header { padding: 1rem 1.25rem 0.75rem; border-block-end: 1px solid var(--_border); display: grid; gap: 0.6rem; }
  .heading { display: flex; gap: 0.75rem; align-items: start; justify-content: space-between; }
  h2 { font-size: 1.3em; margin: 0; }
  .close { font-size: 1.3em; line-height: 1; padding: 0.2em 0.5em; }
  .notice { padding: 0.45rem 0.75rem; border-radius: var(--_radius-sm); background: color-mix(in srgb, var(--_success) 12%, var(--_surface)); color: color-mix(in srgb, var(--_success) 70%, var(--_text)); }
  .notice.bad, .error { background: color-mix(in srgb, var(--_danger) 12%, var(--_surface)); color: color-mix(in srgb, var(--_danger) 70%, var(--_text)); }
  .notice:empty { display: none; }
  .body { flex: 1; overflow: auto; padding: 0.5rem 1.25rem 1.5rem; }
  ul { list-style: none; margin: 0; padding: 0; }
  code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; color: var(--_text); background: var(--_surface-alt); padding: 0.1em 0.35em; border-radius: 4px; user-select: all; overflow-wrap: anywhere; }
  .done { font-size: 0.86em; font-weight: 600; color: color-mix(in srgb, var(--_success) 70%, var(--_text)); }
  .state { padding: 1rem 0; display: grid; gap: 0.6rem; justify-items: start; }
  .error { padding: 0.5rem 0.75rem; border-radius: var(--_radius-sm); }
  .skeleton { height: 2.2rem; width: 100%; border-radius: 4px; background: var(--_surface-alt); }
  @media (max-width: 640px) { dialog { width: 100vw; } header, .body { padding-inline: 0.85rem; } }
`;

/**
 * What a toolbar panel does as a modal side sheet: its `<dialog>` opened modally once rendered (then `focusFirst` says
 * what gets the focus), the focus given back, when the panel goes, to what had it when the panel came (the toolbar's
 * button), and its `parts` exported: shown in `<user-table>`'s shadow root, they are the table's (`user-table::part(…)`),
 * unless the page set the panel's `exportparts` itself.
 */
export class SideSheet implements ReactiveController {
  private returnFocus: HTMLElement | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & { renderRoot: ParentNode },
    private readonly parts: string,
    private readonly focusFirst: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.returnFocus = deepActiveElement();
    if (!this.host.hasAttribute('exportparts')) this.host.setAttribute('exportparts', this.parts);
  }

  hostDisconnected(): void {
    const back = this.returnFocus;
    if (back?.isConnected) back.focus();
  }

  hostUpdated(): void {
    const dialog = this.host.renderRoot.querySelector('dialog');
    if (dialog && !dialog.open) {
      dialog.showModal();
      this.focusFirst();
    }
  }
}
