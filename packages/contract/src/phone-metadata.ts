/**
 * Phone metadata for libphonenumber-js/core, and its parser. Kept in its own entry point so that browsers load them
 * lazily (`await import('@roster/contract/phone-metadata')`) only when a form or an import needs to validate a
 * phone: importing it installs the parser the phone rule runs (`providePhoneParser`), so the page carries none of
 * libphonenumber-js until then. `max` metadata validates each country's number patterns, not just lengths.
 */
import metadata from 'libphonenumber-js/metadata.max.json';
import { parsePhoneNumberFromString, type MetadataJson } from 'libphonenumber-js/core';
import { providePhoneParser } from './fields.js';

providePhoneParser(parsePhoneNumberFromString);

export const phoneMetadata = metadata as unknown as MetadataJson;

/**
 * A stored (E.164) number as people read it: international format with the country's grouping ("+49 30 1234567"),
 * or the text as it is when it does not parse. Display only; forms and the API keep E.164.
 */
export function phoneForReading(e164: string): string {
  return parsePhoneNumberFromString(e164, phoneMetadata)?.formatInternational() ?? e164;
}
export default phoneMetadata;
