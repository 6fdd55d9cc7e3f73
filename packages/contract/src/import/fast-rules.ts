import { emailRule, emailShapeOk, nameRule, type NameField, type Rule } from '../fields.js';
import type { PolicyProfile } from '../profile.js';

/**
 * The name and email rules for many cells (the import): the very verdicts of `nameRule` and `emailRule`, with a
 * fast path for the plain case that needs no Unicode normalisation and no Unicode regular expression. Where the
 * fast path is not sure — any other character, a leading, trailing or double space, a value too long or not
 * valid — the full rule answers, so that its messages stay the only ones. fast-rules.test.ts holds them equal.
 */

/** A–Z, a–z and the letters of Latin-1 (À–ÿ without × and ÷): letters in NFC that never compose with a neighbour. */
const plainLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xff && c !== 0xd7 && c !== 0xf7);

/** `nameRule(profile, field)`: a name of plain letters (and, for `international`, - ' ’ .) with single inner spaces is itself. */
export function fastNameRule(profile: PolicyProfile, field: NameField): Rule {
  const full = nameRule(profile, field);
  const punctuation = profile.nameCharset !== 'letters';
  const max = profile.nameMaxLength;
  return (raw) => {
    const n = raw.length;
    if (n === 0 || n > max || !plainLetter(raw.charCodeAt(0))) return full(raw);
    let space = false;
    for (let i = 1; i < n; i++) {
      const c = raw.charCodeAt(i);
      if (plainLetter(c)) space = false;
      else if (c === 32) {
        if (space) return full(raw);
        space = true;
      } else if (punctuation && (c === 45 || c === 39 || c === 0x2019 || c === 46)) {
        // In `letters` names a space must be followed by a letter: punctuation never comes here.
        space = false;
      } else return full(raw);
    }
    return space ? full(raw) : raw;
  };
}

/** `emailRule(profile)`: a valid address of visible ASCII characters within the limits is itself. */
export function fastEmailRule(profile: PolicyProfile): Rule {
  const full = emailRule(profile);
  const max = profile.emailMaxLength;
  const noEdge = profile.emailNoEdgeDotOrHyphen;
  return (raw) => {
    const n = raw.length;
    if (n === 0 || n > max) return full(raw);
    for (let i = 0; i < n; i++) {
      const c = raw.charCodeAt(i);
      if (c < 0x21 || c > 0x7e) return full(raw);
    }
    if (noEdge) {
      const a = raw.charCodeAt(0);
      const z = raw.charCodeAt(n - 1);
      if (a === 46 || a === 45 || z === 46 || z === 45) return full(raw);
    }
    return emailShapeOk(raw, true) ? raw : full(raw);
  };
}
