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

/**
 * `BENCH_IMPORT_CREDENTIALS=bcrypt`: users migrated from another system — each row also carries an external id and a
 * bcrypt hash (cost 10). One real hash (of `BENCH_BCRYPT_PASSWORD`) gives the rows their shape; each row's 22 salt
 * characters are its own (hashing 100,000 passwords would take an hour and the import never verifies a hash, it only
 * checks the format), so only the first row's hash matches the password.
 */
export const BENCH_BCRYPT_PASSWORD = 'correct horse battery staple';
export function withBcryptCredentials(rows: ImportRowInput[], realHash: string): ImportRowInput[] {
  const alphabet = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const head = realHash.slice(0, 7); // $2b$10$
  const checksum = realHash.slice(29); // 31 characters after the 22 of the salt
  return rows.map((row, i) => {
    let salt = '';
    for (let k = 0, v = i; k < 22; k++, v = Math.floor(v / 64)) salt += alphabet[v % 64];
    // The salt's last character carries only 2 bits in bcrypt's encoding: keep the real one there.
    const hash = i === 0 ? realHash : `${head}${salt.slice(0, 21)}${realHash[28]}${checksum}`;
    return { ...row, externalId: `legacy-${i + 1}`, passwordHash: hash };
  });
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
