#!/usr/bin/env -S npx tsx
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { BackendTokenSource, readPrivateJwk } from './bulk/backend-auth';
import { DELETED_DIR, runBulkExport, type DownloadedExport } from './bulk/export-client';
import { RegistryError } from './errors';
import { listNdjsonFiles } from './ingest';
import { generateBackendKeys } from './keygen';
import { mergeShards } from './merge';
import { MAX_RESOURCES_PER_PATIENT, scanExport, type ScanSummary } from './run-registry';
import { parseShard, WHOLE_POPULATION } from './shard';
import { generatePopulation } from './synthetic/generate-population';
import { defaultWorkerCount } from './worker-pool';
import { OUTPUT_FILES } from './write-outputs';

export const HELP = `Tachywatch registry: every patient on an antidepressant whose response may be slipping, from a FHIR Bulk Data export.

Usage:
  npm run registry -- --from <folder | FHIR base URL> --out <folder> [options]
  npm run registry -- export --from <FHIR base URL> --out <folder> [--group <id>] [--since <instant>]
  npm run registry -- merge --out <folder> <shard folder>...
  npm run registry -- keygen --out <folder>
  npm run registry -- generate --patients <n> --out <folder> [--seed <n>]

Scan options:
  --from <folder|url>   a folder of .ndjson files (one per resource type, as $export writes them), or the FHIR base
                        URL of a server to export from (SMART Backend Services)
  --out <folder>        where the registry goes (created owner-only): registry.csv, registry.ndjson, report.html,
                        summary.json and the index (index.sqlite) that incremental runs reuse
  --group <id>          export Group/<id>/$export (default: Patient/$export)
  --since <instant|last>
                        incremental: export only what changed since then ("last" = the previous run's
                        transactionTime) and re-assess only the patients it touches
  --shard <i/n>         take the i-th of n shares of the patients (stable hash of the patient id); merge the n
                        outputs with the merge command
  --as-of <YYYY-MM-DD>  the day to assess for (default: today, UTC)
  --client-id <id>      backend-services client id (or TACHYWATCH_BACKEND_CLIENT_ID)
  --key <file>          the client's private JWK, ES384 or RS384 (or TACHYWATCH_BACKEND_KEY)
  --scope <scopes>      scopes to request (default: system/*.rs)
  --server-base <url>   for a folder: the FHIR base whose absolute Patient references count as the patient
  --workers <n>         assessment threads (default: the cores available, ${defaultWorkerCount()} here)
  --max-line-bytes <n>  skip NDJSON lines longer than this (default 16 MiB)
  --max-resources <n>   a patient with more resources than this is reported as not assessed (default 50000)
  --max-wait <seconds>  give up on an export that is not ready after this long (default 21600)
  --keep-download       keep the downloaded NDJSON files in <out>/download (removed by default: the index holds them)
  -h, --help            this text

Files hold patient data: they are created owner-only (0600, folders 0700) and nothing about a patient is logged.
`;

const OPTIONS = {
  from: { type: 'string' },
  out: { type: 'string' },
  group: { type: 'string' },
  since: { type: 'string' },
  shard: { type: 'string' },
  'as-of': { type: 'string' },
  'client-id': { type: 'string' },
  key: { type: 'string' },
  scope: { type: 'string' },
  'server-base': { type: 'string' },
  workers: { type: 'string' },
  'max-line-bytes': { type: 'string' },
  'max-resources': { type: 'string' },
  'max-wait': { type: 'string' },
  'keep-download': { type: 'boolean' },
  patients: { type: 'string' },
  seed: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
}

function positiveInteger(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,12}$/.test(value) || Number(value) < 1) throw new RegistryError(`${name} must be a positive integer`);
  return Number(value);
}

function isoDay(value: string | undefined): string {
  if (value === undefined) return new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new RegistryError('--as-of must be a day, YYYY-MM-DD');
  }
  return value;
}

function resolveSince(since: string | undefined, outDir: string): string | undefined {
  if (since === undefined) return undefined;
  if (since === 'last') {
    try {
      const previous = JSON.parse(readFileSync(join(outDir, OUTPUT_FILES.summary), 'utf8')) as {
        transactionTime?: unknown;
      };
      if (typeof previous.transactionTime === 'string') return previous.transactionTime;
    } catch {
      // Falls through to the error below.
    }
    throw new RegistryError(`--since last: ${outDir} holds no previous export's transactionTime`);
  }
  if (
    !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/.test(since) ||
    Number.isNaN(Date.parse(since))
  ) {
    throw new RegistryError('--since must be a FHIR instant (2026-01-31T00:00:00Z) or a day, or "last"');
  }
  return since;
}

function describe(summary: ScanSummary, outDir: string): string {
  const { ingest } = summary;
  const skipped = [
    ['not JSON', ingest.notJson],
    ['not a resource', ingest.notResource],
    ['over the size limit', ingest.oversized],
    ['duplicate ids', ingest.duplicate],
    ['not provably one patient', ingest.unlinked],
    ['patient not in export', ingest.unknownPatient],
  ]
    .filter(([, count]) => (count as number) > 0)
    .map(([label, count]) => `${count} ${label}`);
  const lines = [
    `registry: ${summary.patients} patients, ${summary.flagged} flagged for review (shard ${summary.shard}, as of ${summary.asOf})`,
    `read ${ingest.lines} lines from ${ingest.files} file(s); stored ${ingest.stored}${skipped.length > 0 ? `; skipped ${skipped.join(', ')}` : ''}`,
    ...summary.problems
      .slice(0, 10)
      .map((problem) => `  ${problem.file} line ${problem.lineNumber}: ${problem.reason}`),
    ...(ingest.deleted > 0 ? [`removed ${ingest.deleted} resource(s) deleted at the source`] : []),
    ...(summary.failures > 0 ? [`${summary.failures} patient record(s) could not be assessed`] : []),
    ...(summary.transactionTime ? [`next incremental run: --since ${summary.transactionTime} (or --since last)`] : []),
    `wrote ${summary.outputs.map((file) => join(outDir, file)).join(', ')}`,
  ];
  return `${lines.join('\n')}\n`;
}

function listDeletionFiles(folder: string): string[] {
  const dir = join(folder, DELETED_DIR);
  return existsSync(dir) ? listNdjsonFiles(dir) : [];
}

/** Written last by `registry export`: the folder is complete, and which export it holds. */
const EXPORT_MARKER = 'export.json';

function readExportMarker(folder: string): { transactionTime: string; fhirBase: string } | undefined {
  try {
    const value = JSON.parse(readFileSync(join(folder, EXPORT_MARKER), 'utf8')) as Record<string, unknown>;
    return typeof value.transactionTime === 'string' && typeof value.fhirBase === 'string'
      ? { transactionTime: value.transactionTime, fhirBase: value.fhirBase }
      : undefined;
  } catch {
    return undefined;
  }
}

async function exportToFolder(
  values: Record<string, string | boolean | undefined>,
  io: CliIo,
  fhirBase: string,
  downloadDir: string,
  since: string | undefined
): Promise<DownloadedExport> {
  const clientId = (values['client-id'] as string | undefined) ?? io.env.TACHYWATCH_BACKEND_CLIENT_ID;
  const keyPath = (values.key as string | undefined) ?? io.env.TACHYWATCH_BACKEND_KEY;
  if (!clientId || !keyPath) {
    throw new RegistryError('Exporting from a server needs --client-id and --key (SMART Backend Services; see --help)');
  }
  const tokens = new BackendTokenSource(
    fhirBase,
    { clientId, privateJwk: readPrivateJwk(keyPath) },
    (values.scope as string | undefined) ?? 'system/*.rs'
  );
  const exported = await runBulkExport({
    fhirBase,
    ...(values.group ? { groupId: values.group as string } : {}),
    ...(since ? { since } : {}),
    downloadDir,
    tokens,
    log: (line: string): void => void io.stderr.write(`${line}\n`),
    ...(io.signal ? { signal: io.signal } : {}),
    maxWaitSeconds: positiveInteger(values['max-wait'] as string | undefined, '--max-wait', 6 * 3600),
  });
  if (exported.errorFiles > 0) {
    io.stderr.write(`export: the server reported ${exported.errorFiles} error file(s) in the manifest\n`);
  }
  return exported;
}

async function runExportOnly(values: Record<string, string | boolean | undefined>, io: CliIo): Promise<void> {
  const from = values.from as string | undefined;
  if (!from || !/^https?:\/\//i.test(from) || !values.out) {
    throw new RegistryError('export needs --from <FHIR base URL> and --out <folder>', 2);
  }
  const fhirBase = from.replace(/\/+$/, '');
  const outDir = resolve(values.out as string);
  rmSync(join(outDir, EXPORT_MARKER), { force: true });
  const since = resolveSince(values.since as string | undefined, outDir);
  const exported = await exportToFolder(values, io, fhirBase, outDir, since);
  writeFileSync(
    join(outDir, EXPORT_MARKER),
    `${JSON.stringify({ fhirBase, transactionTime: exported.transactionTime, files: exported.files.length }, null, 2)}\n`,
    { mode: 0o600 }
  );
  io.stdout.write(
    `exported ${exported.files.length} file(s) to ${outDir} (transactionTime ${exported.transactionTime})\n`
  );
}

/**
 * Exit code of a scan that wrote its outputs but could not assess every patient (a record over `--max-resources`, a
 * worker lost): the registry is incomplete, so a batch scheduler must not count the run as a success.
 */
export const EXIT_INCOMPLETE = 3;

/** A scan; returns its exit code: 0, or EXIT_INCOMPLETE when some patients could not be assessed. */
async function runScan(values: Record<string, string | boolean | undefined>, io: CliIo): Promise<number> {
  const from = values.from as string | undefined;
  const out = values.out as string | undefined;
  if (!from || !out) throw new RegistryError('--from and --out are required (see --help)');
  const outDir = resolve(out);
  const shard = values.shard === undefined ? WHOLE_POPULATION : parseShard(values.shard as string);
  const since = resolveSince(values.since as string | undefined, outDir);
  const common = {
    outDir,
    shard,
    asOf: isoDay(values['as-of'] as string | undefined),
    incremental: since !== undefined,
    workers: positiveInteger(values.workers as string | undefined, '--workers', defaultWorkerCount()),
    maxLineBytes: positiveInteger(values['max-line-bytes'] as string | undefined, '--max-line-bytes', 16 * 1024 * 1024),
    maxResourcesPerPatient: positiveInteger(
      values['max-resources'] as string | undefined,
      '--max-resources',
      MAX_RESOURCES_PER_PATIENT
    ),
    progress: io.stderr,
  };
  let summary: ScanSummary;
  if (/^https?:\/\//i.test(from)) {
    const fhirBase = from.replace(/\/+$/, '');
    const downloadDir = join(outDir, 'download');
    rmSync(downloadDir, { recursive: true, force: true });
    const exported = await exportToFolder(values, io, fhirBase, downloadDir, since);
    summary = await scanExport({
      ...common,
      files: exported.files,
      deletedFiles: exported.deletedFiles,
      serverBases: [fhirBase],
      transactionTime: exported.transactionTime,
    });
    if (!values['keep-download']) rmSync(downloadDir, { recursive: true, force: true });
  } else {
    const serverBase = values['server-base'] as string | undefined;
    const folder = resolve(from);
    const marker = readExportMarker(folder);
    summary = await scanExport({
      ...common,
      files: listNdjsonFiles(folder),
      deletedFiles: listDeletionFiles(folder),
      serverBases: serverBase ? [serverBase.replace(/\/+$/, '')] : marker?.fhirBase ? [marker.fhirBase] : [],
      ...(marker ? { transactionTime: marker.transactionTime } : {}),
    });
  }
  io.stdout.write(describe(summary, outDir));
  if (summary.failures === 0) return 0;
  io.stderr.write(
    `registry: ${summary.failures} patient record(s) could not be assessed; the outputs are written but incomplete ` +
      `(exit ${EXIT_INCOMPLETE})\n`
  );
  return EXIT_INCOMPLETE;
}

/** Runs the CLI; returns the exit code. Errors the user can act on are one line on stderr, never a stack. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const [command] = argv;
    const isCommand = command === 'merge' || command === 'keygen' || command === 'generate' || command === 'export';
    let parsed;
    try {
      parsed = parseArgs({
        args: isCommand ? argv.slice(1) : [...argv],
        options: OPTIONS,
        allowPositionals: command === 'merge',
        strict: true,
      });
    } catch (error) {
      throw new RegistryError(`${(error as Error).message} (see --help)`, 2);
    }
    const { values, positionals } = parsed;
    if (values.help || argv.length === 0) {
      io.stdout.write(HELP);
      return 0;
    }
    if (command === 'merge') {
      if (!values.out) throw new RegistryError('merge needs --out', 2);
      const outDir = resolve(values.out);
      const summary = await mergeShards(
        positionals.map((dir) => resolve(dir)),
        outDir
      );
      io.stdout.write(describe(summary, outDir));
      return 0;
    }
    if (command === 'export') {
      await runExportOnly(values, io);
      return 0;
    }
    if (command === 'keygen') {
      if (!values.out) throw new RegistryError('keygen needs --out', 2);
      const keys = await generateBackendKeys(resolve(values.out));
      io.stdout.write(
        `private key (keep secret): ${keys.privateKeyPath}\npublic JWK Set (register it): ${keys.jwksPath}\nkid: ${keys.kid}\n`
      );
      return 0;
    }
    if (command === 'generate') {
      if (!values.out) throw new RegistryError('generate needs --out', 2);
      const population = await generatePopulation({
        outDir: resolve(values.out),
        patients: positiveInteger(values.patients, '--patients', 1000),
        seed: positiveInteger(values.seed, '--seed', 1),
      });
      io.stdout.write(
        `wrote ${population.patients} synthetic patients (${population.lines} resources) to ${resolve(values.out)}\n`
      );
      return 0;
    }
    return await runScan(values, io);
  } catch (error) {
    if (error instanceof RegistryError) {
      io.stderr.write(`registry: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`registry: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Everything this process creates holds patient data: owner-only by default.
  process.umask(0o077);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signal: controller.signal,
  }).then(
    (code) => process.exit(code),
    () => process.exit(1)
  );
}
