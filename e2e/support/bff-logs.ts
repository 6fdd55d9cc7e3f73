import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { configureLogger } from '@roster/bff';

/**
 * The in-process BFF's JSON logs during a spec file: kept in memory and written to e2e/artifacts/bff-logs/<spec>.log.
 * When the spec's server stops, `assertNoSecretsLogged` checks them: none of the secrets the fixtures know (the
 * operator key, the demo app's client secret, every password the specs type), nothing shaped like a token
 * (`whsec_…`, a JWT, an `rs_`/`rss_` secret, a `token=` value), and request lines with request ids present.
 */
const here = dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = join(here, '..', 'artifacts', 'bff-logs');
const lines: string[] = [];
let file: string | null = null;

/** Starts capturing (once per spec file: every fixture of the file shares the capture). */
export function captureBffLogs() {
  if (file) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  const spec = basename(String(expect.getState().testPath ?? 'unknown'), '.spec.ts');
  file = join(ARTIFACTS, `${spec}.log`);
  writeFileSync(file, '');
  configureLogger({
    level: 'info',
    destination: {
      write(s: string) {
        lines.push(s);
        appendFileSync(file!, s);
      },
    },
  });
}

/** The passwords the specs type or send: every quoted literal assigned to or passed as a password. */
function specPasswords(): string[] {
  const dir = join(here, '..', 'specs');
  const found = new Set<string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    const src = readFileSync(join(dir, f), 'utf8');
    for (const m of src.matchAll(/(?:password|passphrase)\w*['"]?\s*[:=]\s*'([^'\n]{8,})'/gi)) found.add(m[1]!);
    for (const m of src.matchAll(/\.fill\('([^'\n]*(?:pass|horse|word)[^'\n]*)'\)/gi)) found.add(m[1]!);
  }
  return [...found];
}

/** Shapes no log line may hold, whatever the spec did (the logger's scrubber writes `[redacted]` instead). */
const TOKEN_SHAPES = [/whsec_[A-Za-z0-9+/]{8,}/, /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/, /\brss?_[\w-]{20,}/, /token=(?!\[redacted\])[\w-]{8,}/];

export function assertNoSecretsLogged(known: readonly (string | undefined | null)[] = []) {
  const text = lines.join('');
  const secrets = [...known.filter((k): k is string => typeof k === 'string' && k.length >= 8), ...specPasswords()];
  const leaked = secrets.filter((s) => text.includes(s));
  expect(leaked, `secrets in ${file}`).toEqual([]);
  for (const shape of TOKEN_SHAPES) expect(shape.exec(text)?.[0], `${shape} in ${file}`).toBeUndefined();
  const requests = lines.flatMap((l) => l.split('\n')).filter((l) => l.includes('"msg":"request"'));
  expect(requests.length, `request lines in ${file}`).toBeGreaterThan(0);
  expect(requests.every((l) => /"requestId":"[\w=-]+"/.test(l))).toBe(true);
}
