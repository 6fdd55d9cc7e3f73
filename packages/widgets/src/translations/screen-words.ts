import type { ReactiveControllerHost } from 'lit';
import type { ScreenParts } from './index.js';
import { langOf, translate } from '../internal/language.js';

type Part = keyof ScreenParts;
type Words<K extends Part> = NonNullable<ScreenParts[K]>;
const cache = new Map<string, unknown>();
const pending = new Set<string>();

/**
 * The words of a screen that loads on demand (a user's page, …) — which is why they are not in the language's main
 * chunk: a language the page registered with this part uses its own; a built-in language loads the screen's chunk for
 * it on first use (the element renders again when it arrives); English is the screen's own module.
 */
export function screenWords<K extends Part>(host: ReactiveControllerHost & Element, part: K, en: Words<K>, loaders: Record<string, () => Promise<Words<K>>>): Words<K> {
  const registered = translate(host, part, undefined as never) as Words<K> | undefined;
  if (registered) return registered;
  // The language asked for, not only one already shown: the screen's words load alongside the main catalogue.
  const lang = langOf(host).split('-')[0]!;
  const load = loaders[lang];
  if (!load) return en;
  const key = `${part}|${lang}`;
  const words = cache.get(key) as Words<K> | undefined;
  if (words) return words;
  if (!pending.has(key)) {
    pending.add(key);
    void load().then(
      (w) => {
        cache.set(key, w);
        host.requestUpdate();
      },
      () => pending.delete(key),
    );
  }
  return en;
}
