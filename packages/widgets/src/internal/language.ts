/** The element's `lang`, else the nearest ancestor's, else the document's, as a primary subtag (`de`, `en`). */
export function languageOf(element: HTMLElement): string {
  return (element.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || 'en').toLowerCase().split('-')[0]!;
}
