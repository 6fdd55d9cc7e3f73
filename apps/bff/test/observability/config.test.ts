import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/env.js';

describe('LOG_LEVEL and ROSTER_METRICS_TOKEN', () => {
  const dir = mkdtempSync(join(tmpdir(), 'roster-obs-env-'));
  it('default to info and metrics off; a level and a token are taken as given', () => {
    expect(loadConfig({ ROSTER_DATA_DIR: dir })).toMatchObject({ logLevel: 'info', metricsToken: undefined });
    expect(loadConfig({ ROSTER_DATA_DIR: dir, LOG_LEVEL: 'warn', ROSTER_METRICS_TOKEN: 't'.repeat(24) })).toMatchObject({ logLevel: 'warn', metricsToken: 't'.repeat(24) });
  });

  it('a level that is none and a token shorter than 24 characters are refused, each variable named', () => {
    let error: unknown;
    try {
      loadConfig({ ROSTER_DATA_DIR: dir, LOG_LEVEL: 'verbose', ROSTER_METRICS_TOKEN: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as Error).message.split('\n');
    expect(lines.some((l) => l.trim().startsWith('LOG_LEVEL:'))).toBe(true);
    expect(lines.some((l) => l.trim().startsWith('ROSTER_METRICS_TOKEN:') && l.includes('24'))).toBe(true);
  });
});
