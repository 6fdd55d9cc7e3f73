import * as z from 'zod';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The environment, checked once at start; a bad value stops the process with a message naming the variable. */
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

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
  /** The logs' level (LOG_LEVEL, default info). */
  logLevel?: LogLevel | undefined;
  /** The bearer token of GET /metrics (ROSTER_METRICS_TOKEN); absent: /metrics is off. */
  metricsToken?: string | undefined;
}

export type LogLevel = (typeof LOG_LEVELS)[number];

/** In this repository the elements are built to packages/widgets/dist (`pnpm --filter @roster/widgets build`). */
const REPOSITORY_WIDGETS_DIR = fileURLToPath(new URL('../../../packages/widgets/dist/', import.meta.url));

export class ConfigError extends Error {}

/**
 * Reads the configuration. Secrets are never constants: the signing key comes from `ROSTER_SIGNING_KEY`, or, for
 * an embedded (PGlite) deployment, is generated once and kept in the data directory with mode 0600. A
 * deployment on a shared PostgreSQL must set it, so that every BFF instance verifies the others' tokens.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.ROSTER_DATA_DIR);
  let signingKey: Uint8Array;
  if (e.ROSTER_SIGNING_KEY) {
    signingKey = new TextEncoder().encode(e.ROSTER_SIGNING_KEY);
  } else if (!e.DATABASE_URL) {
    signingKey = readOrCreateSecret(join(dataDir, 'signing-key'));
  } else {
    throw new ConfigError(
      'Invalid configuration:\n  ROSTER_SIGNING_KEY: required with DATABASE_URL (at least 32 characters, the same on every instance)',
    );
  }
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
