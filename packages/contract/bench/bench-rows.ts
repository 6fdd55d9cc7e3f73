/**
 * The import benchmarks' input (the browser's `pnpm --filter @roster/widgets bench` and Node's `import-cpu.ts`):
 * `n` rows as a spreadsheet paste (tab-separated, CRLF, a header row), every row with a phone number — half of
 * them typed with Excel's leading apostrophe — and, apart, the phone column as the floor parses it.
 */
export function benchImportRows(n: number): { text: string; phones: string[] } {
  const first = ['Anna', 'Jörg', 'Zoë', 'Mehmet', 'Søren', 'Priya', 'José', 'Li', 'Olga', 'Carl'];
  const last = ['Berg', 'Müller', 'O’Brien', 'Nguyen', 'García', 'Smith', 'Kowalski', 'Dubois', 'Rossi', 'Ivanova'];
  const phones = new Array<string>(n);
  const lines = ['First name\tLast name\tEmail\tPhone'];
  for (let i = 0; i < n; i++) {
    const d = String(i % 10000).padStart(4, '0');
    const phone = i % 2 ? "'+49 30 9018" + d : '+1 650 253 ' + d;
    phones[i] = phone.replace("'", '');
    lines.push(first[i % 10] + '\t' + last[(i * 7) % 10] + '\tuser' + i + '@bench.example\t' + phone);
  }
  return { text: lines.join('\r\n'), phones };
}
