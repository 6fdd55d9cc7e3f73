import { attributeLabel, type AttributeDefinition, type User } from '@roster/contract';
import type { ApiClient } from '../internal/api-client.js';
import { formatAttributeValue } from './attribute-value.js';
import { langOf, localeOf } from '../internal/language.js';
import { loadScreenWords, screenWords } from '../translations/screen-words.js';
import { userAttributesEn } from '../translations/user-attributes.js';

const WORDS = {
  de: () => import('../translations/user-attributes.de.js').then((m) => m.userAttributesDe),
  ar: () => import('../translations/user-attributes.ar.js').then((m) => m.userAttributesAr),
};

/** A custom attribute shown as a column of `<user-table>`: its header, its sort key and each user's cell. */
export interface AttributeColumn {
  label: string;
  sort: `attr.${string}`;
  text(user: User): string;
}

/**
 * The tenant's attributes marked "shown as a column", in their order — loaded with the table's dialogs (a chunk of
 * its own, so the table's up-front bundle carries only the cells): labels in the element's language, values in its
 * locale. None where the server has no attributes or the caller may not read them.
 */
export async function attributeColumns(host: HTMLElement & { requestUpdate(): void; addController(c: unknown): void }, api: ApiClient): Promise<AttributeColumn[]> {
  const list = await api.call('GET /v1/attributes', {}).catch(() => ({ items: [] as AttributeDefinition[] }));
  if (list.items.some((d) => d.showAsColumn && d.type === 'boolean')) await loadScreenWords('userAttributes', langOf(host), WORDS).catch(() => undefined);
  const language = langOf(host);
  const locale = localeOf(host);
  const words = () => screenWords(host as never, 'userAttributes', userAttributesEn, WORDS);
  return list.items
    .filter((d) => d.showAsColumn)
    .map((d) => ({ label: attributeLabel(d, language), sort: `attr.${d.key}` as const, text: (user: User) => formatAttributeValue(d, user.attributes?.[d.key], locale, [words().yes, words().no]) }));
}
