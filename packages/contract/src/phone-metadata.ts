/**
 * Phone metadata for libphonenumber-js/core. Kept in its own entry point so that browsers load it lazily
 * (`await import('@roster/contract/phone-metadata')`) only when a form or an import needs to validate a phone.
 * `max` metadata validates each country's number patterns, not just lengths.
 */
import metadata from 'libphonenumber-js/metadata.max.json';
import type { MetadataJson } from 'libphonenumber-js/core';

export const phoneMetadata = metadata as unknown as MetadataJson;
export default phoneMetadata;
