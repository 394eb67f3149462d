import type { AddressInfo } from 'node:net';
import { createServer, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, constants } from 'node:zlib';

export interface HostileFhirServer {
  readonly baseUrl: string;
  /** Uncompressed bytes the server has produced so far (what a client would have had to decompress). */
  readonly produced: { bytes: number };
  /** Resolves when the client has closed the connection of the last response. */
  readonly clientGone: Promise<void>;
  close(): Promise<void>;
}

export type HostileReply = 'gzip-bomb' | 'endless-chunked' | 'slow-gzip';

const CHUNK = Buffer.alloc(64 * 1024, 0x20);

/**
 * A FHIR server on 127.0.0.1:0 that answers every request with a hostile body, generated as the client reads
 * (nothing is held in memory): a gzip stream that expands to `totalBytes` (1 GiB by default), a chunked body with
 * no Content-Length, or a gzip stream that trickles one small piece every 50 ms forever.
 */
export async function startHostileFhirServer(
  reply: HostileReply,
  totalBytes = 1024 * 1024 * 1024
): Promise<HostileFhirServer> {
  const produced = { bytes: 0 };
  let markGone: () => void = () => undefined;
  const clientGone = new Promise<void>((resolve) => {
    markGone = resolve;
  });
  const server = createServer((req, res) => {
    res.on('close', () => markGone());
    void send(reply, res, produced, totalBytes).catch(() => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/fhir`,
    produced,
    clientGone,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function send(
  reply: HostileReply,
  res: ServerResponse,
  produced: { bytes: number },
  totalBytes: number
): Promise<void> {
  const gzip = reply !== 'endless-chunked';
  res.writeHead(200, {
    'content-type': 'application/fhir+json',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  });
  const source = Readable.from(generate(reply, produced, totalBytes));
  if (!gzip) {
    await pipeline(source, res);
    return;
  }
  // A trickle is flushed piece by piece so it really reaches the client as it is produced.
  const flush = reply === 'slow-gzip' ? constants.Z_SYNC_FLUSH : constants.Z_NO_FLUSH;
  await pipeline(source, createGzip({ level: 9, flush }), res);
}

async function* generate(reply: HostileReply, produced: { bytes: number }, totalBytes: number): AsyncGenerator<Buffer> {
  const head = Buffer.from('{"resourceType":"Bundle","type":"searchset","entry":[], "padding":"');
  produced.bytes += head.length;
  yield head;
  for (;;) {
    if (reply === 'slow-gzip') {
      await new Promise((resolve) => setTimeout(resolve, 50));
    } else if (produced.bytes >= totalBytes) {
      return;
    }
    produced.bytes += CHUNK.length;
    yield CHUNK;
  }
}
