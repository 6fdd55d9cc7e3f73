import type { Context } from 'hono';
import { messageLanguages, registerMessages, type MessageLanguage } from '@roster/contract';
import { enApi } from '@roster/contract/messages/en-api';
import { de } from '@roster/contract/messages/de';
import { deApi } from '@roster/contract/messages/de-api';
import { ar } from '@roster/contract/messages/ar';
import { arApi } from '@roster/contract/messages/ar-api';

// The server speaks every language the contract's messages are written in, from the start, its own messages included.
registerMessages('en', enApi);
registerMessages('de', { ...de, ...deApi });
registerMessages('ar', { ...ar, ...arApi });

/**
 * The languages Roster's own words reach people in outside the elements — API messages, emails, self-service pages:
 * the contract's message languages. A user's `language` setting may name others (the elements' list); those read
 * English here.
 */
export const personLanguages = messageLanguages;
export type PersonLanguage = MessageLanguage;

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

declare module 'hono' {
  interface ContextVariableMap {
    /** The language setting of the person signed in with a session (self-service), when the contract speaks it. */
    sessionLanguage: string;
  }
}

/**
 * The language of the answer's messages: the signed-in person's own setting when the caller is a session, else the
 * request's `Accept-Language` (widget tokens act for an administrator: the page's language is the reader's), else
 * English.
 */
export function requestLanguage(c: Context): PersonLanguage {
  const own = c.get('sessionLanguage') as string | undefined;
  if (own && isPersonLanguage(own)) return own;
  return negotiateLanguage(c.req.header('accept-language')) ?? 'en';
}
