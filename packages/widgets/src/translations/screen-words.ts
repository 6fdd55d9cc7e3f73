import type { ReactiveControllerHost } from 'lit';
import type { ScreenParts } from './index.js';
import { langOf, translate } from '../internal/language.js';

type Part = keyof ScreenParts;
type Words<K extends Part> = NonNullable<ScreenParts[K]>;
type Loaders<K extends Part> = Record<string, () => Promise<Words<K>>>;
const cache = new Map<string, unknown>();
const pending = new Map<string, Promise<void>>();

/** Loads a screen's words in a language (once; a failed chunk may be tried again), resolving when they are here. */
export function loadScreenWords<K extends Part>(part: K, lang: string, loaders: Loaders<K>): Promise<void> {
  const primary = lang.toLowerCase().split('-')[0]!;
  const load = loaders[primary];
  const key = `${part}|${primary}`;
  if (!load || cache.has(key)) return Promise.resolve();
  let p = pending.get(key);
  if (!p) {
    p = load().then((w) => void cache.set(key, w));
    p.catch(() => pending.delete(key));
    pending.set(key, p);
  }
  return p;
}

/**
 * The words of a screen that loads on demand (a user's page, …) — which is why they are not in the language's main
 * chunk: a language the page registered with this part uses its own; a built-in language loads the screen's chunk for
 * it on first use (the element renders again when it arrives); English is the screen's own module.
 */
export function screenWords<K extends Part>(host: ReactiveControllerHost & Element, part: K, en: Words<K>, loaders: Loaders<K>): Words<K> {
  const registered = translate(host, part, undefined as never) as Words<K> | undefined;
  if (registered) return registered;
  // The language asked for, not only one already shown: the screen's words load alongside the main catalogue.
  const lang = langOf(host).split('-')[0]!;
  const words = cache.get(`${part}|${lang}`) as Words<K> | undefined;
  if (words) return words;
  if (loaders[lang]) void loadScreenWords(part, lang, loaders).then(() => host.requestUpdate(), () => undefined);
  return en;
}
