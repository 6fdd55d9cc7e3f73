import * as z from 'zod';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseNetwork } from './webhooks/addresses.js';

/** The environment, checked once at start; a bad value stops the process with a message naming the variable. */
const isTrue = (v: string | undefined) => v === 'true' || v === '1' || v === 'yes';
const booleanFlag = z.enum(['true', 'false', '1', '0', 'yes', 'no', '']).optional().transform(isTrue);

/** The log levels LOG_LEVEL may name (observability/log.ts). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  ROSTER_DATA_DIR: z.string().min(1).default('./.data'),
  ROSTER_PLATFORM_KEY: z.string().min(24, 'must have at least 24 characters').optional(),
  ROSTER_PUBLIC_URL: z.url('must be an absolute URL such as https://roster.example.com').optional(),
  ROSTER_SIGNING_KEY: z.string().min(32, 'must have at least 32 characters').optional(),
  ROSTER_DEMO: booleanFlag,
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  ROSTER_MAIL_FROM: z.string().min(3).default('Roster <no-reply@localhost>'),
  /** The SMS provider's HTTP endpoint (text-message sign-in codes): POST JSON, credentials in the URL → Basic auth. */
  SMS_URL: z
    .url('must be an absolute http:// or https:// URL')
    .refine((u) => /^https?:\/\//i.test(u), 'must be an http:// or https:// URL')
    .optional(),
  ROSTER_WIDGETS_DIR: z.string().min(1).optional(),
  /** WebAuthn's relying party: its id (a domain) and the origins a key may answer from; by default the public URL's. */
  ROSTER_WEBAUTHN_RP_ID: z.string().min(1).optional(),
  ROSTER_WEBAUTHN_ORIGINS: z.string().min(1).optional(),
  /** Lets webhooks go to private, loopback and link-local addresses: development and tests only. */
  ROSTER_WEBHOOKS_ALLOW_PRIVATE: booleanFlag,
  /** Internal networks webhooks may reach anyway (a receiver inside the vendor's network), in production too. */
  ROSTER_WEBHOOKS_ALLOWED_NETWORKS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const items = (v ?? '').split(',').map((x) => x.trim()).filter(Boolean);
      const bad = items.filter((x) => !parseNetwork(x));
      if (bad.length) ctx.addIssue({ code: 'custom', message: `must be addresses or networks (CIDR) separated by commas, such as 10.20.0.0/16,fd00::/64; not ${bad.join(', ')}` });
      return items;
    }),
  /** Production (`npm run serve`): apply pending migrations at start; otherwise start refuses while any is pending. */
  ROSTER_MIGRATE_ON_START: booleanFlag,
  /** How long SIGTERM/SIGINT waits for in-flight requests and the senders' current round before exiting 1. */
  ROSTER_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(25_000),
  /** The JSON logs' level (observability/log.ts); `silent` turns them off. */
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** The bearer token a scraper sends for GET /metrics; without it /metrics is off (answers 404). */
  ROSTER_METRICS_TOKEN: z.string().min(24, 'must have at least 24 characters').optional(),
});

export interface Config {
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Operator key for `/v1/platform/*`; the platform API is closed when absent. */
  platformKey: string | undefined;
  publicUrl: string;
  /** HMAC key for access and widget tokens (HS256). */
  signingKey: Uint8Array;
  demo: boolean;
  /** Outgoing mail; without it messages stay in the outbox (the demo mailbox shows them). */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The SMS provider (sms/sender.ts); without it text messages stay in the outbox (the demo mailbox shows them). */
  smsUrl?: string | undefined;
  /** The built elements served under /widgets/ (the directory holding the build's manifest.json). */
  widgetsDir?: string | undefined;
  /** Security keys' relying-party id (a domain, not an address); the public URL's host when absent. */
  webauthnRpId?: string | undefined;
  /** The origins a security key may answer from; the public URL's origin when absent. */
  webauthnOrigins?: string[] | undefined;
  /** Webhooks may go to private, loopback and link-local addresses (never in production). */
  webhooksAllowPrivate?: boolean | undefined;
  /** Internal networks webhooks may reach anyway (ROSTER_WEBHOOKS_ALLOWED_NETWORKS), e.g. the vendor's own receiver. */
  webhooksAllowedNetworks?: readonly string[] | undefined;
  /** Production only: migrate at start (`ROSTER_MIGRATE_ON_START`); the development entries always migrate. */
  migrateOnStart?: boolean | undefined;
  /** The bound on a graceful shutdown (`ROSTER_SHUTDOWN_TIMEOUT_MS`, 25 s by default). */
  shutdownTimeoutMs?: number | undefined;
  /** The logs' level (LOG_LEVEL, default info). */
  logLevel?: LogLevel | undefined;
  /** The bearer token of GET /metrics (ROSTER_METRICS_TOKEN); absent: /metrics is off. */
  metricsToken?: string | undefined;
}

export type LogLevel = (typeof LOG_LEVELS)[number];

/** In this repository the elements are built to packages/widgets/dist (`pnpm --filter @roster/widgets build`). */
const REPOSITORY_WIDGETS_DIR = fileURLToPath(new URL('../../../packages/widgets/dist/', import.meta.url));

export class ConfigError extends Error {}

/** What a production deployment (`npm run serve`) must set, and what it must not: checked with every other rule. */
const PRODUCTION_RULES: { variable: keyof z.input<typeof EnvSchema>; broken: (e: z.input<typeof EnvSchema>) => boolean; message: string }[] = [
  { variable: 'DATABASE_URL', broken: (e) => !e.DATABASE_URL, message: 'required in production: the postgres:// URL of the database (embedded PGlite is for development)' },
  { variable: 'ROSTER_PUBLIC_URL', broken: (e) => !e.ROSTER_PUBLIC_URL, message: 'required in production: the address users and widgets reach this service at (links in emails, token issuer, security keys)' },
  { variable: 'ROSTER_DEMO', broken: (e) => isTrue(e.ROSTER_DEMO), message: 'must not be set in production (the demo portal is a development tool)' },
  { variable: 'ROSTER_WEBHOOKS_ALLOW_PRIVATE', broken: (e) => isTrue(e.ROSTER_WEBHOOKS_ALLOW_PRIVATE), message: 'must not be set in production (webhooks to private addresses are for development and tests; ROSTER_WEBHOOKS_ALLOWED_NETWORKS names the internal networks of your own receivers)' },
];

/**
 * Reads the configuration. Secrets are never constants: the signing key comes from `ROSTER_SIGNING_KEY`, or, for
 * an embedded (PGlite) deployment, is generated once and kept in the data directory with mode 0600. A
 * deployment on a shared PostgreSQL must set it, so that every BFF instance verifies the others' tokens.
 * `production` (the built server, cli/serve.ts) adds PRODUCTION_RULES. Every bad variable is named at once, one
 * line each, before anything is written.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, options: { production?: boolean } = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  const problems = new Map<string, string>();
  for (const issue of parsed.error?.issues ?? []) {
    const name = issue.path.join('.');
    if (!problems.has(name)) problems.set(name, issue.message);
  }
  const raw = env as z.input<typeof EnvSchema>;
  for (const rule of options.production ? PRODUCTION_RULES : []) {
    if (!problems.has(rule.variable) && rule.broken(raw)) problems.set(rule.variable, rule.message);
  }
  // Every instance on a shared database verifies the others' tokens: one key, set by the operator.
  if ((env.DATABASE_URL || options.production) && !env.ROSTER_SIGNING_KEY && !problems.has('ROSTER_SIGNING_KEY')) {
    problems.set('ROSTER_SIGNING_KEY', `required ${options.production ? 'in production' : 'with DATABASE_URL'} (at least 32 characters, the same on every instance)`);
  }
  if (problems.size > 0 || !parsed.success) {
    throw new ConfigError(`Invalid configuration:\n${[...problems].map(([name, message]) => `  ${name}: ${message}`).join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.ROSTER_DATA_DIR);
  const signingKey = e.ROSTER_SIGNING_KEY ? new TextEncoder().encode(e.ROSTER_SIGNING_KEY) : readOrCreateSecret(join(dataDir, 'signing-key'));
  let platformKey = e.ROSTER_PLATFORM_KEY;
  if (!platformKey && e.ROSTER_DEMO && !e.DATABASE_URL) {
    platformKey = Buffer.from(readOrCreateSecret(join(dataDir, 'platform-key'))).toString('base64url');
  }
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    platformKey,
    publicUrl: (e.ROSTER_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    signingKey,
    demo: e.ROSTER_DEMO,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.ROSTER_MAIL_FROM,
    smsUrl: e.SMS_URL,
    widgetsDir: resolve(e.ROSTER_WIDGETS_DIR ?? REPOSITORY_WIDGETS_DIR),
    webauthnRpId: e.ROSTER_WEBAUTHN_RP_ID,
    webauthnOrigins: e.ROSTER_WEBAUTHN_ORIGINS?.split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean),
    webhooksAllowPrivate: e.ROSTER_WEBHOOKS_ALLOW_PRIVATE,
    webhooksAllowedNetworks: e.ROSTER_WEBHOOKS_ALLOWED_NETWORKS,
    migrateOnStart: e.ROSTER_MIGRATE_ON_START,
    shutdownTimeoutMs: e.ROSTER_SHUTDOWN_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    metricsToken: e.ROSTER_METRICS_TOKEN,
  };
}

function readOrCreateSecret(path: string): Uint8Array {
  if (existsSync(path)) return new Uint8Array(readFileSync(path));
  mkdirSync(resolve(path, '..'), { recursive: true });
  const secret = randomBytes(32);
  writeFileSync(path, secret, { mode: 0o600 });
  return new Uint8Array(secret);
}
