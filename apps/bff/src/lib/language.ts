/**
 * The languages Roster's own words reach people in outside the elements: the emails and the self-service pages.
 * A user's `language` setting may name others (the elements' list); those read English here.
 */
export const personLanguages = ['en', 'de', 'ar'] as const;
export type PersonLanguage = (typeof personLanguages)[number];

const isPersonLanguage = (l: string): l is PersonLanguage => (personLanguages as readonly string[]).includes(l);

/** The language of a user's setting (`de`, `de-AT`, `AR`…): English for anything not spoken here. */
export function languageOf(setting: string | null | undefined): PersonLanguage {
  const base = (setting ?? '').trim().toLowerCase().split(/[-_]/)[0]!;
  return isPersonLanguage(base) ? base : 'en';
}

/**
 * The best of our languages for an `Accept-Language` header (RFC 9110 §12.5.4: by weight, then order; a range
 * `de-CH` matches `de`, `*` matches the first), or null when it names none of them.
 */
export function negotiateLanguage(header: string | null | undefined): PersonLanguage | null {
  if (!header) return null;
  const ranges = header
    .split(',')
    .slice(0, 50)
    .map((part, order) => {
      const [range, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p)).find(Boolean);
      return { base: (range ?? '').trim().toLowerCase().split('-')[0]!, q: q ? Number(q[1]) : 1, order };
    })
    .filter((r) => r.base && r.q > 0 && !Number.isNaN(r.q))
    .sort((a, b) => b.q - a.q || a.order - b.order);
  for (const r of ranges) {
    if (r.base === '*') return personLanguages[0];
    if (isPersonLanguage(r.base)) return r.base;
  }
  return null;
}

/** Text direction of a language (Arabic is written right to left). */
export const directionOf = (lang: PersonLanguage): 'ltr' | 'rtl' => (lang === 'ar' ? 'rtl' : 'ltr');
