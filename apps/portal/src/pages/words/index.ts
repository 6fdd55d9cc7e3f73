import type { PersonLanguage } from '@roster/bff';
import { ar } from './ar.js';
import { de } from './de.js';
import { en, type PageWords } from './en.js';

export type { PageWords };
/** Every language's page words: a language added to the BFF's `personLanguages` without a catalogue fails typecheck. */
export const pageCatalogues: Record<PersonLanguage, PageWords> = { en, de, ar };
