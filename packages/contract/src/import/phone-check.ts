import { Metadata, type MetadataJson } from 'libphonenumber-js/core';
import { PHONE_INVALID, checkPhone, stripExcelApostrophe } from '../fields.js';
import { ruleMessage, type RuleMessage } from '../messages/index.js';

/**
 * `checkPhone` for many numbers (the import): the same verdicts, values and messages, several times faster.
 *
 * libphonenumber-js rebuilds a `RegExp` from its metadata text on every test and allocates a few objects per call;
 * for 100,000 rows that is most of the cost of a phone check. This checker answers the common shape — `+`, then
 * ASCII digits with spaces, dashes, dots, slashes or brackets — with the very steps of libphonenumber-js's
 * `parsePhoneNumberFromString(value, metadata)?.isValid()` (calling code, the country among those sharing it,
 * the country's number-type patterns), reading every rule through the library's own `Metadata` and compiling
 * each pattern once. Anything else, and any number where libphonenumber-js would strip a national prefix or a
 * carrier code, goes to `checkPhone` itself. The property tests in phone-check.test.ts hold the two equal.
 */
export type PhoneVerdict = { ok: true; value: string } | { ok: false; message: RuleMessage };

/** The parts of libphonenumber-js's (untyped) numbering plan that parsing and validation read. */
interface Plan {
  nationalNumberPattern(): string;
  possibleLengths(): number[] | undefined;
  nationalPrefixForParsing(): string | undefined;
  leadingDigits(): string | undefined;
  hasTypes(): boolean;
  type(t: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
}
interface MetadataApi {
  selectNumberingPlan(argument: string): MetadataApi;
  numberingPlan?: Plan;
  hasCallingCode(callingCode: string): boolean | undefined;
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined;
}

/** A numbering plan compiled once: what `isValid()` and the country choice test, as ready regular expressions. */
interface Compiled {
  /** `^(?:nationalNumberPattern)$`. */
  whole: RegExp;
  hasTypes: boolean;
  /** Number types in libphonenumber-js's order (FIXED_LINE first), with their pattern and possible lengths. */
  types: { re: RegExp; lengths: number[] | undefined }[];
  leadingDigits: RegExp | null;
  /** `^(?:nationalPrefixForParsing)`, or null when the plan has none. */
  prefix: RegExp | null;
}

/** Calling code: its main plan (selected by the calling code) and its countries (undefined for non-geographic codes). */
interface CallingCode {
  main: Compiled;
  countries: string[] | undefined;
}

const TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];
/** libphonenumber-js's MIN_LENGTH_FOR_NSN and MAX_LENGTH_FOR_NSN. */
const MIN_NSN = 2;
const MAX_NSN = 17;
/** Longer input is refused by libphonenumber-js before anything else (MAX_INPUT_STRING_LENGTH). */
const MAX_INPUT = 250;

function compile(plan: Plan): Compiled {
  const types: Compiled['types'] = [];
  const hasTypes = plan.hasTypes();
  if (hasTypes) {
    for (const t of TYPES) {
      const def = plan.type(t);
      // A type without a pattern never matches (isNumberTypeEqualTo).
      if (def && def.pattern()) types.push({ re: new RegExp(`^(?:${def.pattern()})$`), lengths: def.possibleLengths() });
    }
  }
  const leading = plan.leadingDigits();
  const prefix = plan.nationalPrefixForParsing();
  return {
    whole: new RegExp(`^(?:${plan.nationalNumberPattern()})$`),
    hasTypes,
    types,
    leadingDigits: leading ? new RegExp(leading) : null,
    prefix: prefix ? new RegExp(`^(?:${prefix})`) : null,
  };
}

/** getNumberType(...) !== undefined: the national pattern, then any number type with a matching length. */
function hasType(n: string, c: Compiled): boolean {
  if (!c.whole.test(n)) return false;
  for (const t of c.types) {
    if (t.lengths && t.lengths.indexOf(n.length) < 0) continue;
    if (t.re.test(n)) return true;
  }
  return false;
}

/** The punctuation the fast shape allows between digits. */
const SEPARATORS = /[ ().\/-]/g;

const notValidForCode = PHONE_INVALID;

/**
 * Returns a checker bound to one metadata object; its compiled plans are kept for the checker's lifetime.
 * `fallback` (tests count its calls) answers whatever the fast path leaves.
 */
export function createPhoneChecker(
  metadataJson: MetadataJson,
  fallback: (raw: string, metadata: MetadataJson) => PhoneVerdict = checkPhone,
): (raw: string) => PhoneVerdict {
  const metadata = new Metadata(metadataJson) as unknown as MetadataApi;
  const callingCodes = new Map<string, CallingCode | null>();
  const countries = new Map<string, Compiled>();
  const messages = new Map<string, RuleMessage>();

  const callingCode = (cc: string): CallingCode | null => {
    let found = callingCodes.get(cc);
    if (found === undefined) {
      found = metadata.hasCallingCode(cc)
        ? { main: compile(metadata.selectNumberingPlan(cc).numberingPlan!), countries: metadata.getCountryCodesForCallingCode(cc) }
        : null;
      callingCodes.set(cc, found);
    }
    return found;
  };
  const country = (code: string): Compiled => {
    let found = countries.get(code);
    if (!found) countries.set(code, (found = compile(metadata.selectNumberingPlan(code).numberingPlan!)));
    return found;
  };
  const invalidFor = (code: string) => {
    let m = messages.get(code);
    if (!m) messages.set(code, (m = ruleMessage('phone.invalid_for_country', { country: code })));
    return m;
  };

  return (raw) => {
    const value = stripExcelApostrophe(raw);
    const n = value.length;
    // The fast shape: "+", then ASCII digits and the punctuation libphonenumber-js drops, ending with a digit.
    if (n < 4 || n > MAX_INPUT || value.charCodeAt(0) !== 43) return fallback(raw, metadataJson);
    let separators = 0;
    for (let i = 1; i < n; i++) {
      const ch = value.charCodeAt(i);
      if (ch >= 48 && ch <= 57) continue;
      // space ( ) - . /
      if (ch !== 32 && ch !== 40 && ch !== 41 && ch !== 45 && ch !== 46 && ch !== 47) return fallback(raw, metadataJson);
      separators++;
    }
    const last = value.charCodeAt(n - 1);
    if (last < 48 || last > 57 || n - 1 - separators < 3) return fallback(raw, metadataJson);
    const digits = separators === 0 ? value.slice(1) : value.slice(1).replace(SEPARATORS, '');
    // Calling code: the first 1 to 3 digits that name one (never starting with 0).
    if (digits.charCodeAt(0) === 48) return { ok: false, message: notValidForCode };
    let code: CallingCode | null = null;
    let i = 1;
    for (; i <= 3 && i <= digits.length; i++) {
      code = callingCode(digits.slice(0, i));
      if (code) break;
    }
    if (!code) return { ok: false, message: notValidForCode };
    const national = digits.slice(i);
    if (national === '') return { ok: false, message: notValidForCode };
    // libphonenumber-js may strip a national prefix or a carrier code here: leave those numbers to it.
    if (code.main.prefix && code.main.prefix.exec(national) !== null) return fallback(raw, metadataJson);
    if (national.length < MIN_NSN || national.length > MAX_NSN) return { ok: false, message: notValidForCode };
    // The country: the only one of the calling code, else the first whose leading digits or number types match.
    let exact: string | undefined;
    const list = code.countries;
    if (list) {
      if (list.length === 1) exact = list[0];
      else {
        for (const c of list) {
          const plan = country(c);
          if (plan.leadingDigits ? national.search(plan.leadingDigits) === 0 : plan.hasTypes && hasType(national, plan)) {
            exact = c;
            break;
          }
        }
      }
    }
    const plan = exact ? country(exact) : code.main;
    const valid = plan.hasTypes ? hasType(national, plan) : plan.whole.test(national);
    if (valid) return { ok: true, value: `+${digits}` };
    return { ok: false, message: exact ? invalidFor(exact) : notValidForCode };
  };
}
