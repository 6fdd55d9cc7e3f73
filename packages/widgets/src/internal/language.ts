import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Translation } from '../translations/index.js';

/**
 * The element's `lang`, else the nearest ancestor's — across shadow roots, so that an element inside another's
 * shadow DOM (a `<role-picker>` in `<import-modal>`) speaks its host's language — else the document's, else the
 * browser's, else English; as written (`de-CH`), lower-cased.
 */
export function langOf(element: Element): string {
  let node: Element | null = element;
  let found: Element | null = null;
  while (node && !found) {
    found = node.closest('[lang]');
    node = (node.getRootNode() as ShadowRoot).host ?? null;
  }
  return (found?.getAttribute('lang') || document.documentElement.lang || navigator.language || 'en').toLowerCase();
}

/** Languages written right to left: the elements mirror their layout for them. */
const RTL = new Set(['ar', 'he', 'fa', 'ur']);

type Loader = () => Promise<Translation>;
/** English is built into each element's module; other languages load on first use, one chunk per language. */
const loaders = new Map<string, Loader>([
  ['de', () => import('../translations/de.js').then((m) => m.de)],
  ['ar', () => import('../translations/ar.js').then((m) => m.ar)],
]);
const loaded = new Map<string, Translation>();
const loading = new Map<string, Promise<void>>();

/**
 * Adds a language, or replaces one, for every element on the page: `lang` values whose primary subtag (or whole
 * tag) is `language` then use it. Give the words, or a function that imports them (loaded on first use).
 */
export function registerLanguage(language: string, words: Translation | Loader): void {
  const key = language.toLowerCase();
  loaded.delete(key);
  loading.delete(key);
  if (typeof words === 'function') loaders.set(key, words);
  else {
    loaded.set(key, words);
    if (words.messages) void withContractMessages(key, words);
  }
  refreshAll();
}

/**
 * Registers the contract's messages a page gave with its words; the module that does so loads with the form's
 * (never up front). Resolves when they are in place.
 */
function withContractMessages(key: string, words: Translation): Promise<void> {
  const messages = words.messages;
  if (!messages) return Promise.resolve();
  return import('../translations/contract-messages.js').then((m) => {
    m.registerContractMessages(key, messages);
    refreshAll();
  });
}

/** The catalogue key for a tag: the whole tag if known (`pt-br`), else its primary subtag (`de-ch` → `de`), else English. */
function keyOf(tag: string): string {
  if (loaded.has(tag) || loaders.has(tag)) return tag;
  const primary = tag.split('-')[0]!;
  return loaded.has(primary) || loaders.has(primary) ? primary : 'en';
}

/** Loads the words for `lang` (resolves at once for English and loaded languages); rejects if the chunk fails. */
export function loadLanguage(lang: string): Promise<void> {
  const key = keyOf(lang.toLowerCase());
  const loader = loaders.get(key);
  if (key === 'en' || loaded.has(key) || !loader) return Promise.resolve();
  let p = loading.get(key);
  if (!p) {
    p = loader().then(async (t) => {
      await withContractMessages(key, t);
      loaded.set(key, t);
      refreshAll();
    });
    p.catch(() => loading.delete(key));
    loading.set(key, p);
  }
  return p;
}

/** The element's words for one part of the interface: its language's once loaded, English meanwhile or when unknown. */
export function translate<K extends keyof Translation>(element: Element, part: K, en: Translation[K]): Translation[K] {
  return loaded.get(keyOf(langOf(element)))?.[part] ?? en;
}

/** The locale for `Intl` (dates, numbers, plurals): the language whose words are shown, as the page wrote it. */
export function localeOf(element: Element): string {
  const tag = langOf(element);
  return loaded.has(keyOf(tag)) || tag.startsWith('en') ? tag : 'en';
}

const controllers = new Set<LanguageController>();
const refreshAll = () => controllers.forEach((c) => c.refresh());
const watched = new WeakSet<Node>();
let observer: MutationObserver | undefined;

/**
 * Keeps an element in its language: loads the language's words, re-renders when `lang` changes on the element or
 * any ancestor (one shared observer per document or shadow root, only for `lang`), and sets `dir` on the host so its
 * layout mirrors for a right-to-left language (unless the page set `dir` on the element itself).
 */
export class LanguageController implements ReactiveController {
  private shown = '';
  private ownsDir = false;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    controllers.add(this);
    observer ??= new MutationObserver(refreshAll);
    if (controllers.size === 1) addEventListener('languagechange', refreshAll);
    let root = this.host.getRootNode();
    while (!watched.has(root)) {
      watched.add(root);
      observer.observe(root, { attributes: true, attributeFilter: ['lang'], subtree: true });
      if (!(root instanceof ShadowRoot)) break;
      root = root.host.getRootNode();
    }
    this.refresh();
  }

  hostDisconnected(): void {
    controllers.delete(this);
    if (!controllers.size) removeEventListener('languagechange', refreshAll);
  }

  /** Called when a `lang` may have changed or a language arrived. */
  refresh(): void {
    const lang = langOf(this.host);
    void loadLanguage(lang).catch(() => undefined);
    const host = this.host;
    if (this.ownsDir || !host.hasAttribute('dir')) {
      // The shown language decides: a page in an unknown right-to-left language gets English words, left to right.
      host.setAttribute('dir', RTL.has(keyOf(lang).split('-')[0]!) ? 'rtl' : 'ltr');
      this.ownsDir = true;
    }
    const now = `${lang}|${loaded.has(keyOf(lang))}`;
    if (now !== this.shown) {
      this.shown = now;
      host.requestUpdate();
    }
  }
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/** A date as the element's locale writes it (medium: `2 Dec 2026`, `02.12.2026`, `٢‏/١٢‏/٢٠٢٦`). */
export function formatDate(element: Element, iso: string): string {
  const locale = localeOf(element);
  let f = dateFormats.get(locale);
  if (!f) dateFormats.set(locale, (f = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' })));
  return f.format(new Date(iso));
}
