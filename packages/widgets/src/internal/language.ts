/**
 * The element's `lang`, else the nearest ancestor's — across shadow roots, so that an element inside another's
 * shadow DOM (a `<role-picker>` in `<import-modal>`) speaks its host's language — else the document's, as a primary
 * subtag (`de`, `en`).
 */
export function languageOf(element: HTMLElement): string {
  let node: Element | null = element;
  let found: Element | null = null;
  while (node && !found) {
    found = node.closest('[lang]');
    node = (node.getRootNode() as ShadowRoot).host ?? null;
  }
  return (found?.getAttribute('lang') || document.documentElement.lang || 'en').toLowerCase().split('-')[0]!;
}
