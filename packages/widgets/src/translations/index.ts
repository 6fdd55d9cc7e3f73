import { en, type Translation } from './en.js';
import { de } from './de.js';

const translations: Record<string, Translation> = { en, de };

/** The element's `lang`, else the nearest ancestor's, else the document's; English when unknown. */
export function translationFor(element: HTMLElement): Translation {
  const lang = (element.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || 'en').toLowerCase().split('-')[0]!;
  return translations[lang] ?? en;
}

export type { Translation };
