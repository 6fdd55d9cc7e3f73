import { en } from './en.js';
import type { enApi } from './en-api.js';

/**
 * The contract's messages by id, rendered in the reader's language: the rules produce `{ id, params }` (with the
 * English rendering as `message`, for whatever reads only that), the server renders its answers in the request's
 * language and the elements in the page's. English is built in; every other language is one catalogue
 * (`@roster/contract/messages/de`, `…/ar`) given with `registerMessages`.
 */
export type MessageId = keyof typeof en | keyof typeof enApi;
export type MessageParams = Readonly<Record<string, string | number>>;
/** A language's messages that clients show (./en.ts: field rules, the import, issues): one template per id. */
export type MessageCatalogue = { readonly [K in keyof typeof en]: string };
/** A language's messages only the API says (./en-api.ts: its errors' own messages, branding). */
export type ApiMessageCatalogue = { readonly [K in keyof typeof enApi]: string };
/** Some of a language's messages, as registered. */
export type Messages = { readonly [K in MessageId]?: string };

/** A message by id and parameters. */
export interface Message {
  id: MessageId;
  params?: MessageParams;
}
/** A message as the rules give it: the id and parameters, and the English rendering. */
export interface RuleMessage extends Message {
  message: string;
}

/** The languages the contract's messages are written in. */
export const messageLanguages = ['en', 'de', 'ar'] as const;
export type MessageLanguage = (typeof messageLanguages)[number];

const catalogues = new Map<string, Messages>([['en', en]]);
/** English: every message registered so far (the API's join ./en.ts when the server or ./branding.ts registers them). */
const english = (): Messages => catalogues.get('en')!;

/** The catalogue key of a locale: the whole tag when known (`pt-br`), else its primary subtag (`de-CH` → `de`). */
function keyOf(locale: string): string {
  const tag = locale.toLowerCase();
  return catalogues.has(tag) ? tag : tag.split('-')[0]!;
}

/**
 * Adds (or replaces) a language's messages. The server registers every language at start; a page registers a
 * language with the chunk of the elements' words for it (each language one chunk, loaded on first use).
 */
export function registerMessages(locale: string, catalogue: Messages): void {
  const key = locale.toLowerCase();
  catalogues.set(key, { ...catalogues.get(key), ...catalogue });
}

/** The catalogue `formatMessage` renders `locale` with, when it is not English (e.g. to hand it to a worker). */
export function messagesOf(locale: string): Messages | undefined {
  const key = keyOf(locale);
  return key === 'en' ? undefined : catalogues.get(key);
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function formatNumber(n: number, locale: string): string {
  let f = numberFormats.get(locale);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale);
    } catch {
      f = new Intl.NumberFormat('en'); // a tag Intl refuses (`en_US`): the words are still the catalogue's
    }
    numberFormats.set(locale, f);
  }
  return f.format(n);
}

const PLACEHOLDER = /\{(\w+)(\|lower)?\}/g;

/**
 * `id` rendered in `locale` with `params`: numbers through `Intl.NumberFormat`, a `field` parameter (a field key
 * such as `firstName`) through the catalogue's `field.*` names. A language not registered renders English.
 */
export function formatMessage(id: MessageId, params?: MessageParams, locale = 'en'): string {
  const key = keyOf(locale);
  const catalogue = catalogues.get(key);
  const lang = catalogue ? locale : 'en';
  const template = catalogue?.[id] ?? english()[id] ?? String(id);
  if (!params) return template;
  return template.replace(PLACEHOLDER, (whole, name: string, lower?: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    let text: string;
    if (typeof value === 'number') text = formatNumber(value, lang);
    else if (name === 'field' && `field.${value}` in english()) text = formatMessage(`field.${value}` as MessageId, undefined, lang);
    else text = value;
    return lower ? text.toLocaleLowerCase(lang) : text;
  });
}

/** A message with its English rendering (what rules return and zod issues carry). */
export function ruleMessage(id: MessageId, params?: MessageParams): RuleMessage {
  return params ? { id, params, message: formatMessage(id, params) } : { id, message: formatMessage(id) };
}

/** `params` of a zod issue carrying a contract message (read back by `messageOfIssue`). */
export function issueParams(m: Message): { messageId: MessageId; messageParams?: MessageParams } {
  return m.params ? { messageId: m.id, messageParams: m.params } : { messageId: m.id };
}

/** Messages of checks whose zod issue has no `params` (type and format checks), by their English text. */
const byEnglish = new Map<string, Message>();

/**
 * zod's options for a check that says `m`: its English text as the error, and the id and parameters in the
 * issue's `params` (zod keeps those for refinements; type and format checks are recognised by their text).
 */
export function checkOptions(m: RuleMessage): { error: string; params: ReturnType<typeof issueParams> } {
  byEnglish.set(m.message, m);
  return { error: m.message, params: issueParams(m) };
}

/** Whether `code` (an envelope issue's) is one of the contract's message ids. */
export function isMessageId(code: unknown): code is MessageId {
  return typeof code === 'string' && code in english();
}

/** The contract message a zod issue carries, if any. */
export function messageOfIssue(issue: { params?: unknown; message?: string }): Message | null {
  const p = issue.params as { messageId?: unknown; messageParams?: MessageParams } | undefined;
  if (!p || !isMessageId(p.messageId)) return (issue.message && byEnglish.get(issue.message)) || null;
  return p.messageParams ? { id: p.messageId, params: p.messageParams } : { id: p.messageId };
}
