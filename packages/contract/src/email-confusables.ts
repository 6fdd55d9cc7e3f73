import { ens_normalize, ens_tokenize } from '@adraffy/ens-normalize/xnf';
import { provideLocalPartCheck } from './email-identity.js';
import { ruleMessage, type RuleMessage } from './messages/index.js';

/**
 * The confusables check of the part before the @ (UTS #39 mixed-script and whole-script confusables; see
 * ./email-identity.ts). Its verdicts come from ENSIP-15's normalizer (@adraffy/ens-normalize, the maintained
 * implementation of these Unicode checks in JavaScript), fed with the address's words. Importing this module
 * installs it: Node does so with the contract (package.json `imports`, `#email-confusables`), the import worker
 * statically, a page through `emailRulesReady` the first time an address beyond ASCII is checked.
 */

/** ASCII punctuation of a local part (`.`, `_`, `+`, `-`, …): word breaks, as one hyphen (ENS names' only one). */
const ASCII_PUNCTUATION = /[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]+/g;
const MIXTURE = /^illegal mixture: (.+?) \+ (.+?) "(.+?)"/u;
const WHOLE_SCRIPT = /^whole-script confusable: (.+?)\/(.+)$/u;

/**
 * Why the part before the @ could pass for another person's address, or null. `local` is in NFC. Letters the ENS
 * normalizer leaves out for its own reasons (ő, ı, đ: fine in an address) are checked without them.
 */
export function localPartConfusion(local: string): RuleMessage | null {
  let words = local.replace(ASCII_PUNCTUATION, '-');
  const disallowed = new Set<number>();
  for (const token of ens_tokenize(words)) if (token.type === 'disallowed') disallowed.add(token.cp);
  if (disallowed.size > 0) words = String.fromCodePoint(...[...words].map((c) => c.codePointAt(0)!).filter((cp) => !disallowed.has(cp)));
  if (!/[^-]/.test(words)) return null;
  try {
    ens_normalize(words);
    return null;
  } catch (e) {
    const message = e instanceof Error ? e.message : '';
    const mixture = MIXTURE.exec(message);
    if (mixture) {
      return ruleMessage('email.mixed_scripts', { script: mixture[1]!, other: mixture[2]!, sample: mixture[3]! });
    }
    const whole = WHOLE_SCRIPT.exec(message);
    if (whole) {
      return ruleMessage('email.whole_script_confusable', { script: whole[1]!, other: whole[2]! });
    }
    if (message.startsWith('illegal mixture')) return ruleMessage('email.mixed_alphabets');
    return ruleMessage('email.confusable');
  }
}

provideLocalPartCheck(localPartConfusion);
