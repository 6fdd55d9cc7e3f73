/**
 * A response body that pulls text pieces from `pieces` one at a time, as the client reads: the next piece (for the
 * CSV export, the next batch's statement) is asked for only when the previous one has been taken, so memory holds
 * one piece whatever the total, and a client that goes away (the server cancels the body) ends the generator, which
 * stops its statements. A piece that fails errors the body, so the server drops the connection mid-transfer rather
 * than ending it as if it were complete (Hono's `stream()` would close it normally and log the error). `first`: a
 * piece already taken (a route awaits the first before answering, so that its failure is an error answer).
 */
export function textStream(pieces: AsyncGenerator<string>, first?: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (first !== undefined) controller.enqueue(encoder.encode(first));
      },
      async pull(controller) {
        try {
          const { done, value } = await pieces.next();
          if (done) controller.close();
          else controller.enqueue(encoder.encode(value));
        } catch (e) {
          controller.error(e);
        }
      },
      async cancel() {
        await pieces.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
