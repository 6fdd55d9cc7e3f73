import type { PersonLanguage } from '../../lib/language.js';
import { ar } from './ar.js';
import { de } from './de.js';
import { en, type EmailWords } from './en.js';

export type { EmailWords };
/** Every language's email words: a language added to `personLanguages` without a catalogue fails typecheck. */
export const emailCatalogues: Record<PersonLanguage, EmailWords> = { en, de, ar };
