const SLICE = 5_000;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A bulk import's answer as JSON text, its results serialised in slices with the event loop free between them:
 * JSON.stringify of 100,000 outcomes (~6 MB) held the request thread for 100–250 ms in one piece. A fresh import's
 * answer is written by its engine (engine.ts); this serialises an earlier answer replayed for its Idempotency-Key.
 */
export async function importResponseJson(body: { results: readonly unknown[] }): Promise<string> {
  const { results, ...rest } = body;
  const head = JSON.stringify(rest);
  const parts = [`${head.slice(0, -1)}${head === '{}' ? '' : ','}"results":[`];
  for (let k = 0; k < results.length; k += SLICE) {
    if (k > 0) {
      parts.push(',');
      await yieldToLoop();
    }
    parts.push(JSON.stringify(results.slice(k, k + SLICE)).slice(1, -1));
  }
  parts.push(']}');
  return parts.join('');
}
