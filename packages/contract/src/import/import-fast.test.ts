import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseImportText, utf8ByteLength } from './index.js';
import { parseWithPapa, splitPlainText } from './split.js';

/**
 * The import's fast paths against what they stand in for: the same results for every input. (Names, addresses
 * and phone numbers: fast-rules.test.ts and phone-check.test.ts hold them to the full rules.)
 */

describe('splitPlainText: the plain-text path reads what papaparse reads', () => {
  /** Where the fast path answers, it answers papaparse's rows; returns whether it answered. */
  function agree(text: string, delimiter: string): boolean {
    const plain = splitPlainText(text, delimiter);
    if (plain) expect(plain, JSON.stringify(text)).toEqual(parseWithPapa(text, delimiter).data);
    return plain !== null;
  }

  it('agrees on text made of cells, delimiters, quotes, blanks and every kind of line ending (property)', () => {
    const piece = fc.constantFrom('Anna', 'Jörg', 'a@b.example', '+49 30 1', '', ' ', '  ', '\t', ',', ';', '\n', '\r\n', '\r', '\r\r\n', '"', '\u00a0', '\ufeff', '\u2028', 'x');
    let answered = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.constantFrom('\t', ',', ';'), (pieces, delimiter) => {
        if (agree(pieces.join(''), delimiter)) answered++;
      }),
      { numRuns: 20_000 },
    );
    // The fast path must really be exercised, not just fall back.
    expect(answered).toBeGreaterThan(2_000);
  });

  it('agrees on arbitrary strings (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 120 }), fc.constantFrom('\t', ',', ';'), (text, delimiter) => void agree(text, delimiter)), { numRuns: 5_000 });
  });

  it('answers a spreadsheet paste, and leaves quotes, lone CRs and a BOM to papaparse', () => {
    const paste = Array.from({ length: 2000 }, (_, i) => `Anna${i}\tBerg\tanna${i}@example.com\t+49 30 9018${i}`).join('\r\n') + '\r\n\t\r\n';
    expect(agree(paste, '\t')).toBe(true);
    expect(splitPlainText(paste, '\t')).toHaveLength(2000);
    for (const text of ['a,"b"', 'a\rb', '\ufeffa,b']) expect(splitPlainText(text, ',')).toBeNull();
  });
});

describe('parseImportText: the delimiter of a long file', () => {
  it('is guessed from the start of the text whatever its line endings', () => {
    // 20 long lines with semicolons (60 KB), then many lines with commas: the guess reads the first 20 lines.
    const long = `${'x'.repeat(3000)};a\r\n`.repeat(20) + 'a,b,c,d\r\n'.repeat(100);
    for (const text of [long, long.replace(/\r\n/g, '\n'), long.replace(/\r\n/g, '\r')]) {
      for (const source of ['file', 'api'] as const) {
        const t = parseImportText(text, source);
        expect(t.delimiter).toBe(';');
        expect(t.rows).toEqual(parseWithPapa(text, ';').data);
      }
    }
  });
});

describe('utf8ByteLength', () => {
  it('is the length of TextEncoder’s bytes, lone surrogates included (property)', () => {
    const encoded = (s: string) => new TextEncoder().encode(s).length;
    for (const s of ['', 'a', 'ö', '€', '😀', '\ud800', '\udc00', '\ud800a', 'a\udc00\ud800', '\ud83d\ude00\ud83d', 'Jörg\tO’Brien\r\n']) expect(utf8ByteLength(s), JSON.stringify(s)).toBe(encoded(s));
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => utf8ByteLength(s) === encoded(s)), { numRuns: 5_000 });
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'ß', '€', '\ud800', '\udc00', '😀'), maxLength: 30 }), (s) => utf8ByteLength(s) === encoded(s)), { numRuns: 5_000 });
  });
});
