import type { Readable } from 'node:stream';

/** One line of an NDJSON stream: its 1-based number and text, or a marker that it was longer than the cap. */
export type NdjsonLine =
  | { readonly kind: 'line'; readonly lineNumber: number; readonly text: string }
  | { readonly kind: 'oversized'; readonly lineNumber: number; readonly bytes: number };

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Splits a byte stream into lines without ever holding more than `maxLineBytes` of one line: a longer line is
 * skipped to its end and reported as `oversized`, so an endless line cannot exhaust memory. Blank lines are dropped.
 */
export async function* readNdjsonLines(stream: Readable, maxLineBytes: number): AsyncGenerator<NdjsonLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let skippedBytes = 0;
  let lineNumber = 0;

  function finishLine(): NdjsonLine | undefined {
    lineNumber += 1;
    if (skippedBytes > 0) {
      const bytes = skippedBytes;
      skippedBytes = 0;
      return { kind: 'oversized', lineNumber, bytes };
    }
    let buffer = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    if (buffer.length > 0 && buffer[buffer.length - 1] === CARRIAGE_RETURN) buffer = buffer.subarray(0, -1);
    const text = buffer.toString('utf8');
    return text.trim() === '' ? undefined : { kind: 'line', lineNumber, text };
  }

  function append(part: Buffer): void {
    if (part.length === 0) return;
    if (skippedBytes > 0 || pendingBytes + part.length > maxLineBytes) {
      skippedBytes += pendingBytes + part.length;
      pending = [];
      pendingBytes = 0;
      return;
    }
    pending.push(part);
    pendingBytes += part.length;
  }

  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    let newline = bytes.indexOf(NEWLINE, start);
    while (newline !== -1) {
      append(bytes.subarray(start, newline));
      const line = finishLine();
      if (line) yield line;
      start = newline + 1;
      newline = bytes.indexOf(NEWLINE, start);
    }
    // Copy the tail: the chunk's buffer may be reused by the stream.
    append(Buffer.from(bytes.subarray(start)));
  }
  if (pendingBytes > 0 || skippedBytes > 0) {
    const line = finishLine();
    if (line) yield line;
  }
}
