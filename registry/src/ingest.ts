import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { RegistryError } from './errors';
import { readNdjsonLines } from './ndjson-lines';
import { FHIR_ID, linkToPatient } from './patient-reference';
import type { ResourceIndex } from './resource-index';
import { isInShard, type Shard } from './shard';

/** Resource types that belong to no patient but that patients' resources reference (kept for every shard). */
const SHARED_TYPES = new Set(['Medication']);

/** What every NDJSON line must be before anything else reads it: a FHIR resource with a type and a valid id. */
const ResourceLineSchema = z.looseObject({
  resourceType: z.string().regex(/^[A-Z][A-Za-z]{1,63}$/),
  id: z.string().regex(FHIR_ID),
});

/** Counts of what was read and what was skipped, by reason. No identifiers or content: safe to log and report. */
export interface IngestCounts {
  files: number;
  lines: number;
  stored: number;
  notJson: number;
  notResource: number;
  oversized: number;
  duplicate: number;
  unlinked: number;
  otherShard: number;
  /** Resources removed because an incremental export listed them as deleted. */
  deleted: number;
  /** Per file: how many malformed lines and at which line numbers (the first few), for the report. */
  readonly problems: { file: string; lineNumber: number; reason: string }[];
}

export function emptyIngestCounts(): IngestCounts {
  return {
    files: 0,
    lines: 0,
    stored: 0,
    notJson: 0,
    notResource: 0,
    oversized: 0,
    duplicate: 0,
    unlinked: 0,
    otherShard: 0,
    deleted: 0,
    problems: [],
  };
}

const MAX_LISTED_PROBLEMS = 50;

export interface IngestOptions {
  readonly index: ResourceIndex;
  readonly shard: Shard;
  /** Absolute FHIR base URLs whose `{base}/Patient/{id}` references count as provable. */
  readonly serverBases: readonly string[];
  readonly maxLineBytes: number;
  readonly counts: IngestCounts;
  /** Called per line with its size in bytes (for progress). */
  readonly onLine?: (bytes: number) => void;
}

/** The NDJSON files of an export folder, sorted by name (`.ndjson`, as $export writes them). */
export function listNdjsonFiles(dir: string): string[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
    names = readdirSync(dir);
  } catch {
    throw new RegistryError(
      `--from ${dir}: not a readable folder (give a folder of .ndjson files or an http(s) FHIR base URL)`
    );
  }
  const files = names.filter((name) => name.endsWith('.ndjson')).sort();
  if (files.length === 0) throw new RegistryError(`--from ${dir}: the folder holds no .ndjson files`);
  return files.map((name) => join(dir, name));
}

function recordProblem(counts: IngestCounts, file: string, lineNumber: number, reason: string): void {
  if (counts.problems.length < MAX_LISTED_PROBLEMS) counts.problems.push({ file, lineNumber, reason });
}

/**
 * Streams one NDJSON file into the index, line by line. Bad lines (not JSON, not a resource, longer than the cap),
 * duplicates and resources that cannot be tied to one patient are counted and skipped; nothing here throws on
 * content.
 */
export async function ingestFile(path: string, name: string, options: IngestOptions): Promise<void> {
  const { index, counts } = options;
  counts.files += 1;
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  for await (const line of readNdjsonLines(stream, options.maxLineBytes)) {
    counts.lines += 1;
    options.onLine?.(line.kind === 'oversized' ? line.bytes : Buffer.byteLength(line.text) + 1);
    if (line.kind === 'oversized') {
      counts.oversized += 1;
      recordProblem(counts, name, line.lineNumber, `line longer than ${options.maxLineBytes} bytes`);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch {
      counts.notJson += 1;
      recordProblem(counts, name, line.lineNumber, 'not valid JSON');
      continue;
    }
    const parsed = ResourceLineSchema.safeParse(value);
    if (!parsed.success) {
      counts.notResource += 1;
      recordProblem(counts, name, line.lineNumber, 'not a FHIR resource with resourceType and a valid id');
      continue;
    }
    const resource = parsed.data;
    let patientId: string | undefined;
    if (!SHARED_TYPES.has(resource.resourceType)) {
      const link = linkToPatient(resource, options.serverBases);
      if (link.kind === 'unlinked') {
        counts.unlinked += 1;
        continue;
      }
      patientId = link.patientId;
      if (!isInShard(patientId, options.shard)) {
        counts.otherShard += 1;
        continue;
      }
    }
    if (index.store(resource.resourceType, resource.id, patientId, line.text) === 'duplicate') {
      counts.duplicate += 1;
      recordProblem(counts, name, line.lineNumber, `duplicate ${resource.resourceType} id`);
      continue;
    }
    counts.stored += 1;
  }
  index.commit();
}

const DeletionBundleSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  entry: z
    .array(z.looseObject({ request: z.looseObject({ method: z.string(), url: z.string() }).optional() }))
    .optional(),
});
const DELETED_URL = /^([A-Z][A-Za-z]{1,63})\/([A-Za-z0-9\-.]{1,64})$/;

/**
 * Applies a Bulk Data deletion file (NDJSON of Bundles whose entries are `DELETE Type/id`) to the index. Anything
 * else in the file is counted as a bad line and skipped.
 */
export async function applyDeletionFile(path: string, name: string, options: IngestOptions): Promise<void> {
  const { index, counts } = options;
  for await (const line of readNdjsonLines(createReadStream(path), options.maxLineBytes)) {
    let bundle: z.infer<typeof DeletionBundleSchema> | undefined;
    try {
      const parsed = line.kind === 'line' ? DeletionBundleSchema.safeParse(JSON.parse(line.text)) : undefined;
      bundle = parsed?.success ? parsed.data : undefined;
    } catch {
      bundle = undefined;
    }
    if (!bundle) {
      counts.notResource += 1;
      recordProblem(counts, name, line.lineNumber, 'not a Bundle of deletions');
      continue;
    }
    for (const entry of bundle.entry ?? []) {
      const match = entry.request?.method === 'DELETE' ? DELETED_URL.exec(entry.request.url) : null;
      if (match && index.remove(match[1] as string, match[2] as string)) counts.deleted += 1;
    }
  }
  index.commit();
}
