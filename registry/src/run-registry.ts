import { rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { AssessBatchResult, PatientInput } from './assess-patients';
import { applyDeletionFile, emptyIngestCounts, ingestFile, type IngestCounts } from './ingest';
import { PRIVATE_FILE_MODE, ensurePrivateDir, createPrivateFile } from './private-files';
import { Progress, type ProgressStream } from './progress';
import { ResourceIndex } from './resource-index';
import type { Shard } from './shard';
import { WorkerPool } from './worker-pool';
import { OUTPUT_FILES, writeOutputs } from './write-outputs';

export const INDEX_FILE = 'index.sqlite';
const BATCH_PATIENTS = 32;
/** A record larger than this is reported as not assessed rather than read into memory (the longest fixture has ~1,100). */
export const MAX_RESOURCES_PER_PATIENT = 50_000;

export interface ScanOptions {
  /** The NDJSON files to read (a folder's files, or a live export's downloads). */
  readonly files: readonly string[];
  /** Deletion Bundles of an incremental export (applied after the files). */
  readonly deletedFiles?: readonly string[];
  readonly outDir: string;
  readonly shard: Shard;
  /** The day the assessment is made for (YYYY-MM-DD). */
  readonly asOf: string;
  /** Merge into the index of a previous run and re-assess only the patients this input touches. */
  readonly incremental: boolean;
  readonly serverBases: readonly string[];
  readonly workers: number;
  readonly maxLineBytes: number;
  readonly progress: ProgressStream;
  /** Records with more resources than this are counted as not assessed (default MAX_RESOURCES_PER_PATIENT). */
  readonly maxResourcesPerPatient?: number;
  /** The export's transactionTime, kept so the next incremental run knows its `_since`. */
  readonly transactionTime?: string;
}

export interface ScanSummary {
  readonly asOf: string;
  readonly shard: string;
  readonly ingest: Omit<IngestCounts, 'problems'> & { readonly unknownPatient: number };
  readonly problems: IngestCounts['problems'];
  readonly assessed: number;
  readonly failures: number;
  readonly patients: number;
  readonly flagged: number;
  readonly transactionTime?: string;
  readonly outputs: readonly string[];
}

export function describeSkipped(summary: Pick<ScanSummary, 'ingest'>): { reason: string; count: number }[] {
  const { ingest } = summary;
  return [
    { reason: 'lines that are not JSON', count: ingest.notJson },
    { reason: 'lines that are not a FHIR resource with a valid id', count: ingest.notResource },
    { reason: 'lines over the size limit', count: ingest.oversized },
    { reason: 'duplicate resource ids', count: ingest.duplicate },
    { reason: 'resources not provably about one patient', count: ingest.unlinked },
    { reason: 'resources for patients not in the export', count: ingest.unknownPatient },
  ];
}

async function assessAll(index: ResourceIndex, options: ScanOptions): Promise<{ assessed: number; failures: number }> {
  const total = index.countPatients(options.incremental);
  const progress = new Progress(options.progress, 'assess', total, 'patients');
  let assessed = 0;
  let failures = 0;
  const pool = new WorkerPool(
    options.workers,
    (result: AssessBatchResult) => {
      for (const stored of result.results) index.saveResult(stored);
      assessed += result.results.length;
      failures += result.failures;
      progress.advance(result.results.length + result.failures);
    },
    (batch) => {
      failures += batch.patients.length;
      progress.advance(batch.patients.length);
    }
  );
  try {
    let batch: PatientInput[] = [];
    let batchId = 0;
    for (const patientId of index.listPatients(options.incremental)) {
      const resources = index.readPatientResources(
        patientId,
        options.maxResourcesPerPatient ?? MAX_RESOURCES_PER_PATIENT
      );
      if (!resources) {
        failures += 1;
        progress.advance(1);
        continue;
      }
      batch.push({ patientId, resources });
      if (batch.length >= BATCH_PATIENTS) {
        await pool.submit({ batchId: (batchId += 1), asOf: options.asOf, patients: batch });
        batch = [];
      }
    }
    if (batch.length > 0) await pool.submit({ batchId: (batchId += 1), asOf: options.asOf, patients: batch });
    await pool.drain();
  } finally {
    await pool.close();
  }
  progress.finish();
  return { assessed, failures };
}

/**
 * One registry run over NDJSON files: stream them into the on-disk index, assess every patient of this shard with
 * the shared engine in a worker pool, and write the registry (CSV, NDJSON, HTML) and summary.json, owner-only.
 */
export async function scanExport(options: ScanOptions): Promise<ScanSummary> {
  ensurePrivateDir(options.outDir);
  const indexPath = join(options.outDir, INDEX_FILE);
  if (!options.incremental) rmSync(indexPath, { force: true });
  const index = new ResourceIndex(indexPath);
  try {
    const counts = emptyIngestCounts();
    const totalBytes = options.files.reduce((sum, file) => sum + statSync(file).size, 0);
    const reading = new Progress(options.progress, 'read', totalBytes, 'bytes');
    for (const file of options.files) {
      await ingestFile(file, basename(file), {
        index,
        shard: options.shard,
        serverBases: options.serverBases,
        maxLineBytes: options.maxLineBytes,
        counts,
        onLine: (bytes) => reading.advance(bytes),
      });
    }
    reading.finish();
    for (const file of options.deletedFiles ?? []) {
      await applyDeletionFile(file, basename(file), {
        index,
        shard: options.shard,
        serverBases: options.serverBases,
        maxLineBytes: options.maxLineBytes,
        counts,
      });
    }
    const unknownPatient = index.countUnknownPatientResources();
    const { assessed, failures } = await assessAll(index, options);
    if (options.transactionTime) index.setMeta('transactionTime', options.transactionTime);
    const { problems, ...ingestCounts } = counts;
    const shard = `${options.shard.index + 1}/${options.shard.count}`;
    const partial = { ingest: { ...ingestCounts, unknownPatient } };
    await writeOutputs(index, {
      outDir: options.outDir,
      asOf: options.asOf,
      generatedAt: new Date().toISOString(),
      skipped: describeSkipped(partial),
      ...(options.shard.count > 1 ? { shard } : {}),
    });
    const summary: ScanSummary = {
      asOf: options.asOf,
      shard,
      ...partial,
      problems,
      assessed,
      failures,
      patients: index.countResults(),
      flagged: index.countResults(true),
      ...(options.transactionTime ? { transactionTime: options.transactionTime } : {}),
      outputs: [OUTPUT_FILES.csv, OUTPUT_FILES.ndjson, OUTPUT_FILES.html, OUTPUT_FILES.summary],
    };
    writeSummary(options.outDir, summary);
    return summary;
  } finally {
    index.close();
  }
}

export function writeSummary(outDir: string, summary: ScanSummary): void {
  const path = join(outDir, OUTPUT_FILES.summary);
  createPrivateFile(path);
  writeFileSync(path, `${JSON.stringify(summary, null, 2)}\n`, { mode: PRIVATE_FILE_MODE });
}
