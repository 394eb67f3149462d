/**
 * Reads a response body as text with a limit on the bytes it yields AFTER content decoding (fetch decompresses
 * gzip/deflate/br as it streams). Reading stops, and the stream is cancelled (which stops the decompression), the
 * moment the limit is passed or `signal` aborts — so a small compressed answer that expands without end costs at
 * most `limit` bytes of memory and never outlives the deadline.
 */

export type BodyReadResult =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: 'too-large' | 'aborted' };

/** Shared by every response of one hook call, so the call as a whole has a memory bound too. */
export interface ByteBudget {
  remaining: number;
}

export async function readBodyWithin(
  response: Response,
  limits: { readonly maxBytes: number; readonly budget?: ByteBudget; readonly signal: AbortSignal }
): Promise<BodyReadResult> {
  const body = response.body;
  if (body === null) return { ok: true, text: '' };
  const reader = (body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const stop = (): void => {
    reader.cancel().catch(() => undefined);
  };
  limits.signal.addEventListener('abort', stop, { once: true });
  try {
    for (;;) {
      if (limits.signal.aborted) return { ok: false, reason: 'aborted' };
      let step: Awaited<ReturnType<typeof reader.read>>;
      try {
        step = await reader.read();
      } catch {
        return { ok: false, reason: 'aborted' };
      }
      if (step.done) break;
      total += step.value.byteLength;
      if (limits.budget) limits.budget.remaining -= step.value.byteLength;
      if (total > limits.maxBytes || (limits.budget !== undefined && limits.budget.remaining < 0)) {
        stop();
        return { ok: false, reason: 'too-large' };
      }
      chunks.push(step.value);
    }
  } finally {
    limits.signal.removeEventListener('abort', stop);
  }
  if (limits.signal.aborted) return { ok: false, reason: 'aborted' };
  return { ok: true, text: Buffer.concat(chunks, total).toString('utf8') };
}
