/** The focused element, through shadow roots (the ⋯ button inside <user-table>, a button of <role-editor>): a dialog gives it the focus back. */
export function deepActiveElement(): HTMLElement | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el instanceof HTMLElement ? el : null;
}
