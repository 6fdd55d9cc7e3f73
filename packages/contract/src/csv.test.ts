import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import { csvCell, toCsv } from './csv.js';
import { importTemplate, parseImportText, validateImportRows, rowsFromTable, detectColumns } from './import/index.js';
import { profilePresets } from './profile.js';
import { phoneMetadata } from './phone-metadata.js';

describe('csvCell (OWASP CSV injection)', () => {
  it.each([
    ['=1+1', `"'=1+1"`],
    ['+cmd|\' /C calc\'!A0', `"'+cmd|' /C calc'!A0"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1:A2)', `"'@SUM(A1:A2)"`],
    ['\t=1+1', `"'\t=1+1"`],
    ['\r=1+1', `"'\r=1+1"`],
    ['\n=1+1', `"'\n=1+1"`],
    ['＝1+1', `"'＝1+1"`],
    ['＠SUM(1)', `"'＠SUM(1)"`],
  ])('neutralises a cell starting with a formula character: %j', (input, out) => {
    expect(csvCell(input)).toBe(out);
    expect(csvCell(input, '\t')).toBe(out);
  });

  it('quotes cells with quotes, delimiters, TAB, CR and LF, doubling inner quotes', () => {
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('a\tb', '\t')).toBe('"a\tb"');
    expect(csvCell('a\tb')).toBe('"a\tb"');
    expect(csvCell('a\r\nb')).toBe('"a\r\nb"');
    expect(csvCell('a\rb')).toBe('"a\rb"');
    expect(csvCell('a|b', '|')).toBe('"a|b"');
  });

  it('leaves ordinary cells alone', () => {
    expect(csvCell('Anna')).toBe('Anna');
    expect(csvCell('anna@example.com')).toBe('anna@example.com');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(12)).toBe('12');
    expect(csvCell('')).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('toCsv ends every line with CRLF', () => {
    expect(toCsv([['a', 'b'], ['=x', 'y']])).toBe(`a,b\r\n"'=x",y\r\n`);
    expect(toCsv([['a', 'b,c']], '\t')).toBe('a\t"b,c"\r\n');
  });

  it('any text reads back as the same cells (with the prefix) and no cell starts a formula', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', ';', 'a', ' ', '＝', "'") }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(',', ';', '\t'),
        (rows, delimiter) => {
          const width = Math.max(...rows.map((r) => r.length));
          const padded = rows.map((r) => [...r, ...Array<string>(width - r.length).fill('x')]);
          const parsed = Papa.parse<string[]>(toCsv(padded, delimiter), { delimiter, newline: '\r\n', skipEmptyLines: false });
          const back = parsed.data.slice(0, padded.length);
          expect(back.length).toBe(padded.length);
          back.forEach((row, i) =>
            row.forEach((cell, j) => {
              const original = padded[i]![j]!;
              expect(cell).toBe(/^[=+\-@\t\r\n＝＋－＠]/.test(original) ? `'${original}` : original);
              expect(cell).not.toMatch(/^[=+\-@\t\r\n＝＋－＠]/);
            }),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('importTemplate through csvCell', () => {
  it('writes the example phone as text, and the template imports cleanly', () => {
    const t = importTemplate(profilePresets.default, 'technician');
    expect(t.csv).toContain(`"'+49 30 901820"`);
    const parsed = parseImportText(t.csv, 'file');
    expect(parsed.errors).toEqual([]);
    const columns = detectColumns(parsed.rows, profilePresets.default);
    expect(columns.hasHeader).toBe(true);
    const rows = rowsFromTable(parsed.rows, columns);
    const catalog = { roles: [{ id: 'r-user', key: 'user', name: 'User', permissions: ['users.read'] }], groups: [], organizations: [], granted: new Set(['users.read']) };
    const r = validateImportRows(rows, { profile: profilePresets.default, metadata: phoneMetadata, kind: 'technician', catalog }).results;
    expect(r[0]!.issues).toEqual([]);
    expect(r[0]!.value?.phone).toBe('+4930901820');
  });
});
