import { afterEach, describe, expect, it } from 'vitest';
import { startHostileFhirServer, type HostileFhirServer } from '../testing/hostile-fhir-server';
import { fetchFhirResource, MAX_RESPONSE_BYTES } from './fetch-fhir';

/** Generous: the reads below stop after ~20 MB; unbounded, they took tens of seconds and gigabytes. */
const TIME_BOUND_MS = 5000;
const MEMORY_BOUND_BYTES = 400 * 1024 * 1024;

let server: HostileFhirServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function options(timeoutMs: number, deadlineMs = 60_000) {
  return { fetchImpl: fetch, timeoutMs, deadline: AbortSignal.timeout(deadlineMs) };
}

function memoryInUse(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers + usage.external;
}

describe('fetchFhirResource bounds what a FHIR server can make it read', () => {
  it(
    'a gzip answer that expands to 1 GiB stops at the decompressed-size limit and stops decompressing',
    { timeout: 30_000 },
    async () => {
      server = await startHostileFhirServer('gzip-bomb');
      const before = memoryInUse();
      const started = performance.now();
      const result = await fetchFhirResource(`${server.baseUrl}/Patient/p1`, options(30_000));
      const elapsed = performance.now() - started;
      const grown = memoryInUse() - before;
      expect(result).toEqual({ ok: false, reason: 'too-large' });
      await server.clientGone;
      // The server generates only what the client pulls: far less than the 1 GiB it could send.
      expect(server.produced.bytes).toBeLessThan(256 * 1024 * 1024);
      expect(server.produced.bytes).toBeGreaterThan(MAX_RESPONSE_BYTES);
      expect(elapsed).toBeLessThan(TIME_BOUND_MS);
      expect(grown).toBeLessThan(MEMORY_BOUND_BYTES);
    }
  );

  it('a chunked answer without Content-Length stops at the limit', async () => {
    server = await startHostileFhirServer('endless-chunked', 50 * 1024 * 1024);
    const result = await fetchFhirResource(`${server.baseUrl}/Patient/p1`, options(30_000));
    expect(result).toEqual({ ok: false, reason: 'too-large' });
    await server.clientGone;
    expect(server.produced.bytes).toBeLessThan(50 * 1024 * 1024);
  });

  it('a gzip trickle that never ends is abandoned at the per-request timeout', async () => {
    server = await startHostileFhirServer('slow-gzip');
    const result = await fetchFhirResource(`${server.baseUrl}/Patient/p1`, options(300));
    expect(result).toEqual({ ok: false, reason: 'timeout' });
    await server.clientGone;
  });

  it('… or at the hook deadline, whichever comes first', async () => {
    server = await startHostileFhirServer('slow-gzip');
    const result = await fetchFhirResource(`${server.baseUrl}/Patient/p1`, options(30_000, 300));
    expect(result).toEqual({ ok: false, reason: 'deadline' });
    await server.clientGone;
  });

  it('the hook-wide byte budget stops a read even under the per-response limit', async () => {
    server = await startHostileFhirServer('gzip-bomb', 8 * 1024 * 1024);
    const budget = { remaining: 1024 * 1024 };
    const result = await fetchFhirResource(`${server.baseUrl}/Patient/p1`, { ...options(30_000), budget });
    expect(result).toEqual({ ok: false, reason: 'too-large' });
    expect(budget.remaining).toBeLessThan(0);
  });
});
