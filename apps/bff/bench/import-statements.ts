/** Statement timing of the import benchmark: Kysely's query log gives every statement the product code sends, with its duration. */

export interface StatementTime {
  label: string;
  ms: number;
}

export function labelOf(sqlText: string): string {
  const s = sqlText.replace(/\s+/g, ' ').trim().toLowerCase();
  const ins = /^insert into "?(\w+)"?/.exec(s);
  if (ins) return `insert into ${ins[1]}`;
  if (s.startsWith('select u.email_normalized, u.username_normalized from unnest')) return 'existingIdentities (select users by email/username)';
  if (/^select .* for update/.test(s) || s.includes(' for update')) return `lock: ${s.slice(0, 50)}`;
  const from = /from "?(\w+)"?/.exec(s);
  if (s.startsWith('select') && from) return `select from ${from[1]}`;
  return s.slice(0, 40);
}

/** Adds one run's statement durations (summed per label) to the per-label series. */
export function collect(into: Map<string, number[]>, statements: readonly StatementTime[], run: number): void {
  const sums = new Map<string, number>();
  for (const st of statements) sums.set(st.label, (sums.get(st.label) ?? 0) + st.ms);
  for (const [label, ms] of sums) {
    const series = into.get(label) ?? [];
    series[run] = ms;
    into.set(label, series);
  }
}
