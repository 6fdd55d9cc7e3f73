/** A worker thread of engine-pool.ts: holds one import's ImportEngine for its request (a `session` task). */
import type { MessagePort } from 'node:worker_threads';
import { ImportEngine } from './engine.js';
import type { StepAnswer, StepRequest } from './engine-pool.js';

/** A session the request thread forgot (it always ends them): the worker is freed after this long without a step. */
const IDLE_MS = 10 * 60_000;

export async function session({ port, body }: { port: MessagePort; body: Uint8Array }): Promise<void> {
  const engine = new ImportEngine(body);
  await new Promise<void>((resolve) => {
    let idle = setTimeout(() => port.close(), IDLE_MS);
    port.on('close', () => {
      clearTimeout(idle);
      resolve();
    });
    port.on('message', async (m: StepRequest) => {
      clearTimeout(idle);
      idle = setTimeout(() => port.close(), IDLE_MS);
      let answer: StepAnswer;
      try {
        answer = { id: m.id, result: await (engine[m.step] as (...a: unknown[]) => unknown)(...m.args) };
      } catch (e) {
        answer = { id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
      }
      // The answer's bytes move to the request thread instead of being copied.
      const bytes = answerBytes(answer);
      port.postMessage(answer, bytes ? [bytes.buffer as ArrayBuffer] : []);
    });
  });
}

function answerBytes(a: StepAnswer): Uint8Array | null {
  if (!('result' in a) || typeof a.result !== 'object' || a.result === null) return null;
  const r = a.result as { bytes?: unknown; answer?: { bytes?: unknown } };
  const b = r.bytes ?? r.answer?.bytes;
  return b instanceof Uint8Array && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : null;
}

/** piscina loads the file's default export when a thread starts (without one, it tries an ESM import, which tsx does not hook in worker threads on Node 20). */
export default session;
