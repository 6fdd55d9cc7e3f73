/**
 * The one way Roster folds text for search, run on both sides: the BFF stores every user's search text folded
 * (users.search_text, written by the users writer) and folds the query the same way, so `muller` finds Müller,
 * `yilmaz` Yılmaz and YILMAZ, `sao` São, `soren` Søren, `strasse` Straße — on PostgreSQL and PGlite alike, as
 * neither database's own folding (`lower()` follows the database's locale; `unaccent` is not in PGlite) is used.
 *
 * Steps: compatibility decomposition (NFKD: `é` → `e` + accent, `ﬁ` → `fi`, full-width `Ａ` → `A`), the
 * non-spacing marks dropped (accents, the dot of `İ`, Arabic vowel signs), lower case, then the letters that
 * carry no separable accent mapped to their plain spelling (`ß` → `ss`, `æ` → `ae`, `ø` → `o`, `ı` → `i`, …).
 * The result is only ever compared with another folded text, never shown.
 */

/** Letters with no decomposition that a person types without their stroke or as two letters (lower case). */
const PLAIN: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ŋ: 'n',
  ĸ: 'k',
  ſ: 's',
  ς: 'σ',
};
const PLAIN_LETTERS = /[ßæœøđðłþıħŧŋĸſς]/g;
const NONSPACING_MARKS = /\p{Mn}+/gu;

/** `text` folded for search: no accents, no case, `ß`/`æ`/`ø`/`ı`… spelled plainly (see the module's comment). */
export function searchFold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(NONSPACING_MARKS, '')
    .toLowerCase()
    .replace(PLAIN_LETTERS, (c) => PLAIN[c]!);
}

/**
 * A user's stored search text (users.search_text): names, email and username, folded. The users writer stores it;
 * the bulk import computes it with the rest of its columns, off the request thread.
 */
export function userSearchText(u: { firstName: string; lastName: string; email: string; username: string | null }): string {
  return searchFold(`${u.firstName} ${u.lastName} ${u.email} ${u.username ?? ''}`);
}
