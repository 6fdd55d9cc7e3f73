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

const isMessageLanguage = (tag: string): tag is MessageLanguage => (messageLanguages as readonly string[]).includes(tag);

/**
 * The best of the contract's languages for an `Accept-Language` header (RFC 9110 §12.5.4: q-values, `de-CH`
 * matches `de`, `*` and anything unknown count for nothing); English when none matches.
 */
export function negotiateLanguage(header: string | undefined): MessageLanguage {
  if (!header) return 'en';
  let best: MessageLanguage = 'en';
  let bestQ = 0;
  for (const part of header.split(',').slice(0, 20)) {
    const [range = '', ...weights] = part.split(';');
    let q = 1;
    for (const w of weights) {
      const m = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(w);
      if (m) q = Number(m[1]);
    }
    const primary = range.trim().toLowerCase().split('-')[0]!;
    if (q > bestQ && isMessageLanguage(primary)) {
      best = primary;
      bestQ = q;
    }
  }
  return best;
}

declare module 'hono' {
  interface ContextVariableMap {
    /** The language setting of the person signed in with a session (self-service), when the contract speaks it. */
    sessionLanguage: string;
  }
}

/**
 * The language of the answer's messages: the signed-in person's own setting when the caller is a session, else the
 * request's `Accept-Language` (widget tokens act for an administrator: the page's language is the reader's).
 */
export function requestLanguage(c: Context): MessageLanguage {
  const own = c.get('sessionLanguage') as string | undefined;
  if (own && isMessageLanguage(own)) return own;
  return negotiateLanguage(c.req.header('accept-language'));
}
