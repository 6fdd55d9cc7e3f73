import { formatMessage, isMessageId, registerMessages, type MessageCatalogue, type MessageParams } from '@roster/contract';

/**
 * A contract message — a field rule's issue checked in the page, or one of the server's — in `locale`: rendered
 * from its id and parameters when it carries them (`code`, `params`), else its text as it came. The contract's
 * catalogue of a language comes with the elements' words for it (./de.ts, ./ar.ts).
 */
export function contractMessage(issue: { message: string; code?: string | undefined; params?: MessageParams | undefined }, locale: string): string {
  return isMessageId(issue.code) ? formatMessage(issue.code, issue.params, locale) : issue.message;
}

/** Registers the contract's messages of a language a page gave with its words (`registerLanguage`). */
export function registerContractMessages(language: string, messages: MessageCatalogue): void {
  registerMessages(language, messages);
}
