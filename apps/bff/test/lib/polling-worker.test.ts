import { describe, expect, it } from 'vitest';
import { startPolling } from '../../src/lib/polling-worker.js';

describe('startPolling', () => {
  it('starts the next round at once after a full batch, and waits the interval after one that was not', async () => {
    let rounds = 0;
    // Three full rounds, then one with room to spare: four rounds, then the interval (a minute) before a fifth.
    const polling = startPolling('test', async () => ({ full: ++rounds < 4 }), 60_000);
    for (let i = 0; i < 200 && rounds < 4; i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 200));
    await polling.stop();
    expect(rounds).toBe(4);
  });

  it('stops between rounds: no round starts after stop(), even after a full batch', async () => {
    let rounds = 0;
    let release: () => void = () => {};
    const polling = startPolling('test', () => new Promise<{ full: boolean }>((r) => { rounds += 1; release = () => r({ full: true }); }), 60_000);
    const stopped = polling.stop();
    release();
    await stopped;
    await new Promise((r) => setTimeout(r, 50));
    expect(rounds).toBe(1);
  });
});
