import { en, type Translation } from './en.js';
import { de } from './de.js';
import { languageOf } from '../internal/language.js';

const translations: Record<string, Translation> = { en, de };


/** The table's words in the element's language; English when unknown. */
export function translationFor(element: HTMLElement): Translation {
  return translations[languageOf(element)] ?? en;
}

export type { Translation };
