/**
 * Who an address belongs to, for addresses beyond ASCII (profiles that allow them):
 *
 * - The domain is compared in its UTS #46 ASCII form (`bücher.example` and `xn--bcher-kva.example` are one
 *   domain). The WHATWG URL parser of the browser and of Node implements UTS #46 processing, so no table ships.
 * - The part before the @ must not mix scripts nor be made only of letters that pass for another script's
 *   (UTS #39 mixed-script and whole-script confusables): `pаypal` with a Cyrillic а would otherwise be a second
 *   account that looks like `paypal`. The verdicts come from ENSIP-15's normalizer (@adraffy/ens-normalize, the
 *   maintained implementation of these Unicode checks in JavaScript), fed with the address's words.
 *
 * Only addresses with a non-ASCII character come here: ASCII addresses keep the import's fast path.
 *
 * The confusables check (./email-confusables.ts) carries Unicode tables of ≈ 20 KB gzip. Node loads it with the
 * contract; browsers load it the first time an address beyond ASCII is checked (`emailRulesReady`), so that forms
 * that only ever see ASCII addresses don't pay for it. Either way the rule is that one module's.
 */

/** A host name's characters that would make the URL parser read something else than a host. */
const NOT_IN_HOST = /[\s/?#@:\\[\]%<>^|"]/u;

/** UTS #46 ToASCII of a domain (lower-cased, punycode labels), or null when it is not a valid domain name. */
export function domainToAscii(domain: string): string | null {
  if (domain.length === 0 || NOT_IN_HOST.test(domain)) return null;
  try {
    const host = new URL(`http://${domain}/`).hostname;
    return host.length > 0 && !host.startsWith('[') ? host : null;
  } catch {
    return null;
  }
}

import type { RuleMessage } from './messages/index.js';

/** Why the part before the @ could pass for another person's address, or null (./email-confusables.ts). */
export type LocalPartCheck = (local: string) => RuleMessage | null;

let localPartCheck: LocalPartCheck | undefined;
let loading: Promise<void> | undefined;

/** Installs the confusables check; ./email-confusables.ts calls it when it loads. */
export function provideLocalPartCheck(check: LocalPartCheck): void {
  localPartCheck = check;
}

/**
 * Why the part before the @ could pass for another person's address (UTS #39), or null. `local` is in NFC.
 * In a browser, `emailRulesReady` must have resolved first: a rule that cannot run throws rather than pass.
 */
export function localPartSpoofing(local: string): RuleMessage | null {
  if (!localPartCheck) throw new Error('The email rules for addresses beyond ASCII are not loaded yet (await emailRulesReady(email) first).');
  return localPartCheck(local);
}

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Resolves when the email rule can judge these values: at once when they are ASCII or the confusables check is
 * loaded (always so in Node), else after loading it. Call it before validating what a person typed in a browser.
 */
export function emailRulesReady(...values: readonly string[]): Promise<void> {
  if (localPartCheck || !values.some((v) => NON_ASCII.test(v))) return Promise.resolve();
  return (loading ??= import('./email-confusables.js').then(
    () => undefined,
    (error: unknown) => {
      loading = undefined; // a failed download may be retried
      throw error;
    },
  ));
}
