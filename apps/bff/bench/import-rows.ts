/**
 * The rows the import benchmark sends: deterministic technicians with valid German and US phone numbers, all under
 * one email domain, so the cleanup finds them again.
 */
import { checkPhone, type ImportRowInput } from '@roster/contract';
import { phoneMetadata } from '@roster/contract/phone-metadata';

export const DOMAIN = 'bench-import.example';
export const EMAIL_LIKE = `%@${DOMAIN}`;

const FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'Michael', 'Jennifer', 'David', 'Linda', 'Lukas', 'Sofia', 'Jörg', 'Zoë', 'Chloé', 'Mehmet', 'Aisha', 'Hiroshi', 'Priya', 'Søren', 'Olga', 'Mateo'];
const LAST = ['Smith', 'Johnson', 'Garcia', 'Miller', 'Müller', 'Schneider', 'Fischer', 'Weber', "O'Brien", 'de Vries', 'Nowak', 'Yilmaz', 'Sato', 'Kumar', 'Rossi', 'Dubois', 'Lefèvre', 'Nguyen', 'Horváth', 'MacLeod'];

/** mulberry32: deterministic rows from run to run. */
function prng(seedValue: number): () => number {
  let a = seedValue >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ascii = (s: string) => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();

/** Rows as a spreadsheet would give them: German (Berlin) and US (Mountain View) numbers, valid per libphonenumber. */
export function makeRows(n: number): ImportRowInput[] {
  const rnd = prng(20261128);
  const rows: ImportRowInput[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const firstName = FIRST[Math.floor(rnd() * FIRST.length)]!;
    const lastName = LAST[Math.floor(rnd() * LAST.length)]!;
    const digits = String(Math.floor(rnd() * 10_000)).padStart(4, '0');
    const phone = i % 2 === 0 ? `+49 30 9018${digits}` : `+1 650 253 ${digits}`;
    rows[i] = { firstName, lastName, email: `${ascii(firstName)}.${ascii(lastName)}.${i + 1}@${DOMAIN}`, phone, roles: 'User' };
  }
  return rows;
}

export function assertPhonesValid(): string[] {
  const samples = ['+49 30 90180000', '+49 30 90189999', '+49 30 90184711', '+1 650 253 0000', '+1 650 253 9999', '+1 650 253 4711'];
  const out: string[] = [];
  for (const s of samples) {
    const r = checkPhone(s, phoneMetadata);
    if (!r.ok) throw new Error(`bench phone ${s} is not valid: ${r.message}`);
    out.push(`${s} → ${r.value}`);
  }
  // The issue names +1 212 555 … as invalid; record what the contract's check says about it (not used in the rows).
  const nyc = checkPhone('+1 212 555 0100', phoneMetadata);
  out.push(`(+1 212 555 0100 → ${nyc.ok ? `accepted as ${nyc.value}` : `refused: ${nyc.message}`})`);
  return out;
}
