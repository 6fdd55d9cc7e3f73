import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file has a database of its own, and most of a file's time is spent waiting on PostgreSQL, a spawned
    // server or a socket: on 2 cores vitest's default (one worker) left half the machine idle. Two at least.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
