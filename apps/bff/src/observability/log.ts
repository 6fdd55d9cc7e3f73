import pino, { type DestinationStream, type Logger } from 'pino';
import { LOG_LEVELS, type LogLevel } from '../env.js';

/**
 * The BFF's logs: one JSON object per line on stdout (pino), for a log shipper to read. What is logged is chosen
 * field by field (a request's method, route pattern, status, duration, request id, tenant and caller kind; a worker's
 * counts); request bodies, headers and raw URLs never are. As a second line of defence every line passes `scrub`:
 * a value under a key of REDACTED_KEYS is replaced, and strings lose anything shaped like a secret (SECRET_PATTERNS).
 */

/** Keys whose values are never written, at any depth (compared case-insensitively, `_` and `-` ignored). */
export const REDACTED_KEYS = [
  'authorization',
  'cookie',
  'setcookie',
  'password',
  'newpassword',
  'currentpassword',
  'secret',
  'clientsecret',
  'signingsecret',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'widgettoken',
  'ticket',
  'code',
  'totp',
  'otp',
  'recoverycode',
  'platformkey',
  'metricstoken',
  'signingkey',
  'sealedtoken',
  'sealedbody',
] as const;

export const REDACTED = '[redacted]';

const redactedKeys = new Set<string>(REDACTED_KEYS);
const normalizedKey = (k: string) => k.toLowerCase().replace(/[-_]/g, '');

/**
 * Shapes of secret in any string: a Standard Webhooks secret, a JWT (widget and access tokens), a bearer credential,
 * a token or code in a query string, and any run of 40 or more URL-safe characters (every Roster secret is 256 bits of
 * base64url, 43 characters, with or without a prefix; hashes go too).
 */
export const SECRET_PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/whsec_[A-Za-z0-9+/=]+/g, REDACTED],
  [/\beyJ[\w-]*\.[\w-]*\.[\w-]*/g, REDACTED],
  [/\b(Bearer|Basic)\s+[^\s"',]+/gi, `$1 ${REDACTED}`],
  [/([?&;](?:token|code|ticket|secret|password|client_secret)=)[^&#\s"']*/gi, `$1${REDACTED}`],
  [/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{40,}(?![A-Za-z0-9_-])/g, REDACTED],
];

export function scrubText(s: string): string {
  let out = s;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * A copy of `value` with secrets removed (plain objects and arrays are walked; other objects are left to serializers).
 * `requestId` is kept as it is: a caller's own `X-Request-Id` (a trace id of 55 characters) must stay findable.
 */
export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = k === 'requestId' ? v : redactedKeys.has(normalizedKey(k)) ? REDACTED : scrub(v, depth + 1);
  return out;
}

/** An error as a log field: its type, message and stack (scrubbed), and a database error's code. */
function serializeError(e: unknown): unknown {
  if (!(e instanceof Error)) return scrub(e);
  const err = e as Error & { code?: unknown };
  return scrub({ type: err.constructor?.name ?? 'Error', message: err.message, stack: err.stack, ...(typeof err.code === 'string' ? { code: err.code } : {}) });
}

function build(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'roster-bff' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }), log: (o) => scrub(o) as Record<string, unknown> },
      serializers: { err: serializeError },
      hooks: {
        // The message is a fixed text by convention; scrubbed anyway.
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

const LEVELS = new Set<string>(LOG_LEVELS);

/**
 * Before any configuration: LOG_LEVEL when it names a level, else `info` — and `silent` under vitest (tests are quiet
 * unless LOG_LEVEL asks otherwise). A process started by `runMain` takes the level from its checked configuration.
 */
const defaultLevel = (): LogLevel => {
  const env = process.env.LOG_LEVEL;
  if (env && LEVELS.has(env)) return env as LogLevel;
  return process.env.VITEST ? 'silent' : 'info';
};

let current: Logger = build(defaultLevel());

/**
 * The process's logger. Modules call `log()` when they log (not once at import), so a logger configured later —
 * by `runMain`, or a test capturing the output — is the one they write to.
 */
export function log(): Logger {
  return current;
}

/** Sets the level and, for tests and e2e fixtures, where the lines go (default: stdout). */
export function configureLogger(o: { level?: LogLevel | undefined; destination?: DestinationStream | undefined }): Logger {
  current = build(o.level ?? defaultLevel(), o.destination);
  return current;
}
