/** A dropped file's bytes as text, and the UTF-8 length of text (the byte limit) without encoding it. */

/**
 * Bytes of a dropped file as text: UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, else Windows-1252,
 * which is what Excel on Windows writes for "CSV (comma delimited)".
 */
export function decodeImportBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // Some runtimes (Node without full ICU) decode windows-1252 as Latin-1; map 0x80–0x9F ourselves.
    const latin1 = new TextDecoder('latin1').decode(bytes);
    return latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
  }
}

/**
 * How many bytes `text` takes in UTF-8 — what `new TextEncoder().encode(text).length` says (a lone surrogate counts
 * as the 3 bytes of U+FFFD), without encoding 10 MB of text into a buffer only to read its length.
 */
export function utf8ByteLength(text: string): number {
  const n = text.length;
  let bytes = n;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** Windows-1252's characters at 0x80–0x9F (the rest of the code page is Latin-1). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
