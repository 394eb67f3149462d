import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { RegistryError } from '../errors';
import { createPrivateFile, ensurePrivateDir, PRIVATE_FILE_MODE } from '../private-files';
import type { BackendTokenSource } from './backend-auth';

const ManifestSchema = z.looseObject({
  transactionTime: z.string().min(1),
  request: z.string(),
  requiresAccessToken: z.boolean(),
  output: z.array(
    z.looseObject({ type: z.string().regex(/^[A-Za-z]{1,64}$/), url: z.url(), count: z.number().optional() })
  ),
  error: z.array(z.looseObject({ type: z.string(), url: z.string() })).optional(),
  /** `_since` exports: Bundles of DELETE entries for resources deleted since then. */
  deleted: z.array(z.looseObject({ type: z.string().regex(/^[A-Za-z]{1,64}$/), url: z.url() })).optional(),
});
export type ExportManifest = z.infer<typeof ManifestSchema>;

const OperationOutcomeSchema = z.looseObject({
  resourceType: z.literal('OperationOutcome'),
  issue: z.array(z.looseObject({ diagnostics: z.string().optional(), code: z.string().optional() })).min(1),
});

export interface BulkExportRequest {
  readonly fhirBase: string;
  readonly groupId?: string;
  /** FHIR instant: only resources changed since (incremental run). */
  readonly since?: string;
  readonly downloadDir: string;
  readonly tokens: BackendTokenSource;
  readonly log: (line: string) => void;
  readonly signal?: AbortSignal;
  /** Give up waiting for the export after this long (default 6 hours). */
  readonly maxWaitSeconds?: number;
  /** Never wait longer than this between status checks, whatever Retry-After says (default 120). */
  readonly maxPollSeconds?: number;
  /** Stop a download at this many bytes (default 64 GiB). */
  readonly maxFileBytes?: number;
  readonly fetchImpl?: typeof fetch;
}

/** Where deletion Bundles go inside an export folder (the scan reads them from there too). */
export const DELETED_DIR = 'deleted';

export interface DownloadedExport {
  readonly files: readonly string[];
  readonly transactionTime: string;
  readonly errorFiles: number;
  /** Files of Bundles listing resources deleted since `_since` (in `<downloadDir>/deleted`). */
  readonly deletedFiles: readonly string[];
}

/** Seconds to wait from a Retry-After header (delay-seconds or an HTTP date), clamped to [0, max]. */
export function parseRetryAfter(header: string | null, fallback: number, max: number, now = Date.now()): number {
  if (header === null || header.trim() === '') return Math.min(fallback, max);
  const seconds = /^\d+$/.test(header.trim()) ? Number(header.trim()) : (Date.parse(header) - now) / 1000;
  return Number.isFinite(seconds) ? Math.min(max, Math.max(0, seconds)) : Math.min(fallback, max);
}

async function describeFailure(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const outcome = OperationOutcomeSchema.safeParse(JSON.parse(text));
    const diagnostics = outcome.success
      ? outcome.data.issue.map((issue) => issue.diagnostics ?? issue.code).join('; ')
      : '';
    if (diagnostics) return `HTTP ${response.status}: ${diagnostics.slice(0, 300)}`;
  } catch {
    // Not JSON: the status says enough.
  }
  return `HTTP ${response.status}`;
}

function limitBytes(max: number, what: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > max) callback(new RegistryError(`${what} is larger than ${max} bytes; stopped`));
      else callback(null, chunk);
    },
  });
}

/**
 * A Bulk Data export, client side: kick-off (`Group/{id}/$export` or `Patient/$export`, `_since` when given), status
 * polling honouring Retry-After, the manifest, and the NDJSON downloads streamed to owner-only files. A bearer token
 * goes only to the FHIR server's own origin.
 */
export async function runBulkExport(request: BulkExportRequest): Promise<DownloadedExport> {
  const fetchImpl = request.fetchImpl ?? fetch;
  const base = request.fhirBase.replace(/\/+$/, '');
  const origin = new URL(base).origin;
  const maxPoll = request.maxPollSeconds ?? 120;
  const deadline = Date.now() + (request.maxWaitSeconds ?? 6 * 3600) * 1000;

  async function send(url: string, init: RequestInit & { withToken: boolean }): Promise<Response> {
    const headers = new Headers(init.headers);
    for (let attempt = 0; ; attempt += 1) {
      if (init.withToken) headers.set('Authorization', `Bearer ${await request.tokens.getToken()}`);
      let response: Response;
      try {
        response = await fetchImpl(url, { ...init, headers, ...(request.signal ? { signal: request.signal } : {}) });
      } catch (error) {
        if (request.signal?.aborted) throw new RegistryError('Export interrupted', 130);
        throw new RegistryError(`Could not reach ${new URL(url).origin}: ${(error as Error).message}`);
      }
      if (response.status === 401 && init.withToken && attempt === 0) {
        await response.body?.cancel();
        request.tokens.invalidate();
        continue;
      }
      return response;
    }
  }

  const params = new URLSearchParams({ _outputFormat: 'application/fhir+ndjson' });
  if (request.since) params.set('_since', request.since);
  const kickOffUrl = `${base}/${request.groupId ? `Group/${encodeURIComponent(request.groupId)}` : 'Patient'}/$export?${params.toString()}`;
  const kickOff = await send(kickOffUrl, {
    withToken: true,
    headers: { Accept: 'application/fhir+json', Prefer: 'respond-async' },
  });
  if (kickOff.status !== 202) {
    throw new RegistryError(`The server refused the export kick-off (${await describeFailure(kickOff)})`);
  }
  await kickOff.body?.cancel();
  const location = kickOff.headers.get('content-location');
  if (!location) throw new RegistryError('The export kick-off answered 202 without a Content-Location');
  const statusUrl = new URL(location, base).toString();
  const withToken = new URL(statusUrl).origin === origin;
  request.log('export: accepted, waiting for the server to prepare the files');

  let manifest: ExportManifest | undefined;
  try {
    while (!manifest) {
      const status = await send(statusUrl, { withToken, headers: { Accept: 'application/json' } });
      if (status.status === 200) {
        const parsed = ManifestSchema.safeParse(await status.json().catch(() => undefined));
        if (!parsed.success) throw new RegistryError('The export finished with a manifest this client cannot read');
        manifest = parsed.data;
        break;
      }
      if (status.status === 202 || status.status === 429) {
        await status.body?.cancel();
        const progress = (status.headers.get('x-progress') ?? '').replace(/[^\x20-\x7e]/g, '').slice(0, 100);
        const wait = parseRetryAfter(status.headers.get('retry-after'), 2, maxPoll);
        if (Date.now() + wait * 1000 > deadline) {
          throw new RegistryError('The export did not finish in time (raise --max-wait)');
        }
        if (progress) request.log(`export: in progress (${progress})`);
        await sleep(wait * 1000, undefined, request.signal ? { signal: request.signal } : {}).catch(() => {
          throw new RegistryError('Export interrupted', 130);
        });
        continue;
      }
      if (status.status === 404 || status.status === 410) {
        throw new RegistryError(
          'The export expired or was cancelled on the server (status answered ' + status.status + ')'
        );
      }
      throw new RegistryError(`The export failed on the server (${await describeFailure(status)})`);
    }
  } catch (error) {
    if (request.signal?.aborted) {
      await fetchImpl(statusUrl, {
        method: 'DELETE',
        headers: withToken ? { Authorization: `Bearer ${await request.tokens.getToken()}` } : {},
      }).catch(() => undefined);
    }
    throw error;
  }

  ensurePrivateDir(request.downloadDir);
  const files: string[] = [];
  const download = async (output: { type: string; url: string }, path: string): Promise<void> => {
    const sameOrigin = new URL(output.url).origin === origin;
    if (manifest.requiresAccessToken && !sameOrigin) {
      throw new RegistryError('The manifest asks for the access token on another origin; refusing to send it');
    }
    const response = await send(output.url, {
      withToken: manifest.requiresAccessToken,
      headers: { Accept: 'application/fhir+ndjson' },
    });
    if (response.status === 404 || response.status === 410) {
      throw new RegistryError('An export file expired before it was downloaded; run again');
    }
    if (!response.ok || !response.body) {
      throw new RegistryError(`Downloading an export file failed (${await describeFailure(response)})`);
    }
    createPrivateFile(path);
    await pipeline(
      Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>),
      limitBytes(request.maxFileBytes ?? 64 * 1024 ** 3, 'An export file'),
      createWriteStream(path, { mode: PRIVATE_FILE_MODE })
    );
  };
  const fileName = (position: number, type: string): string =>
    `${String(position + 1).padStart(5, '0')}-${type}.ndjson`;
  for (const [position, output] of manifest.output.entries()) {
    const path = join(request.downloadDir, fileName(position, output.type));
    await download(output, path);
    files.push(path);
  }
  const deletedFiles: string[] = [];
  if ((manifest.deleted ?? []).length > 0) ensurePrivateDir(join(request.downloadDir, DELETED_DIR));
  for (const [position, output] of (manifest.deleted ?? []).entries()) {
    const path = join(request.downloadDir, DELETED_DIR, fileName(position, output.type));
    await download(output, path);
    deletedFiles.push(path);
  }
  request.log(
    `export: downloaded ${files.length} file(s)${deletedFiles.length > 0 ? ` and ${deletedFiles.length} deletion file(s)` : ''}`
  );
  await send(statusUrl, { method: 'DELETE', withToken }).then(
    (response) => response.body?.cancel(),
    () => undefined
  );
  return { files, deletedFiles, transactionTime: manifest.transactionTime, errorFiles: manifest.error?.length ?? 0 };
}
