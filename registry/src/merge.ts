import { createReadStream, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { RegistryError } from './errors';
import { emptyIngestCounts } from './ingest';
import { readNdjsonLines } from './ndjson-lines';
import { ensurePrivateDir } from './private-files';
import { buildUrgencyKey, isFlagged, type RegistryRow } from './registry-row';
import { ResourceIndex } from './resource-index';
import { describeSkipped, INDEX_FILE, writeSummary, type ScanSummary } from './run-registry';
import { OUTPUT_FILES, writeOutputs } from './write-outputs';

const CountsSchema = z.object({
  files: z.number(),
  lines: z.number(),
  stored: z.number(),
  notJson: z.number(),
  notResource: z.number(),
  oversized: z.number(),
  duplicate: z.number(),
  unlinked: z.number(),
  otherShard: z.number(),
  deleted: z.number().default(0),
  unknownPatient: z.number(),
});
const ShardSummarySchema = z.looseObject({
  asOf: z.string(),
  shard: z.string().regex(/^\d+\/\d+$/),
  ingest: CountsSchema,
  assessed: z.number(),
  failures: z.number(),
  transactionTime: z.string().optional(),
});
const RowSchema = z.looseObject({ patientId: z.string().min(1), status: z.string(), item9: z.boolean() });

function emptyIngestCountsWithoutProblems(): Omit<ReturnType<typeof emptyIngestCounts>, 'problems'> {
  const { problems: _problems, ...counts } = emptyIngestCounts();
  return counts;
}

function readShardSummary(dir: string): z.infer<typeof ShardSummarySchema> {
  try {
    return ShardSummarySchema.parse(JSON.parse(readFileSync(join(dir, OUTPUT_FILES.summary), 'utf8')));
  } catch {
    throw new RegistryError(`${dir}: no readable ${OUTPUT_FILES.summary} (is it a finished shard's --out folder?)`);
  }
}

/** Checks that the shard folders are exactly 1/n … n/n of one run (same n, same as-of day, none twice). */
function checkShards(summaries: readonly z.infer<typeof ShardSummarySchema>[]): void {
  const counts = new Set(summaries.map((summary) => summary.shard.split('/')[1]));
  const days = new Set(summaries.map((summary) => summary.asOf));
  if (counts.size !== 1 || days.size !== 1)
    throw new RegistryError('The shards come from different runs (--shard n or as-of day differ)');
  const total = Number([...counts][0]);
  const seen = new Set(summaries.map((summary) => summary.shard));
  if (seen.size !== summaries.length) throw new RegistryError('The same shard was given twice');
  const missing = Array.from({ length: total }, (_, index) => `${index + 1}/${total}`).filter(
    (shard) => !seen.has(shard)
  );
  if (missing.length > 0) throw new RegistryError(`Missing shard(s): ${missing.join(', ')}`);
}

/**
 * Merges the outputs of `--shard i/n` runs into one registry, ordered as a single run would order it. Streams each
 * shard's registry.ndjson into a fresh results index, then writes the usual outputs.
 */
export async function mergeShards(shardDirs: readonly string[], outDir: string): Promise<ScanSummary> {
  if (shardDirs.length === 0) throw new RegistryError('merge needs the shard folders to merge');
  const summaries = shardDirs.map(readShardSummary);
  checkShards(summaries);
  ensurePrivateDir(outDir);
  const indexPath = join(outDir, INDEX_FILE);
  rmSync(indexPath, { force: true });
  const index = new ResourceIndex(indexPath);
  try {
    for (const dir of shardDirs) {
      const stream = createReadStream(join(dir, OUTPUT_FILES.ndjson));
      for await (const line of readNdjsonLines(stream, 16 * 1024 * 1024)) {
        if (line.kind !== 'line') throw new RegistryError(`${dir}: a registry row is too long`);
        const row = RowSchema.safeParse(JSON.parse(line.text));
        if (!row.success) throw new RegistryError(`${dir}: line ${line.lineNumber} is not a registry row`);
        const full = row.data as unknown as RegistryRow;
        index.saveResult({
          patientId: full.patientId,
          urgencyKey: buildUrgencyKey(full),
          status: full.status,
          drugClass: full.drugClass ?? 'none',
          flagged: isFlagged(full),
          rowJson: line.text,
        });
      }
    }
    const ingest = summaries.reduce(
      (sum, summary) => {
        const next = { ...sum };
        for (const key of Object.keys(sum) as (keyof typeof sum)[]) next[key] = sum[key] + summary.ingest[key];
        return next;
      },
      { ...emptyIngestCountsWithoutProblems(), unknownPatient: 0 }
    );
    const asOf = summaries[0]?.asOf ?? '';
    await writeOutputs(index, {
      outDir,
      asOf,
      generatedAt: new Date().toISOString(),
      skipped: describeSkipped({ ingest }),
    });
    const transactionTime = summaries[0]?.transactionTime;
    const summary: ScanSummary = {
      asOf,
      shard: `merged ${summaries.length}`,
      ingest,
      problems: [],
      assessed: summaries.reduce((sum, item) => sum + item.assessed, 0),
      failures: summaries.reduce((sum, item) => sum + item.failures, 0),
      patients: index.countResults(),
      flagged: index.countResults(true),
      ...(transactionTime ? { transactionTime } : {}),
      outputs: [OUTPUT_FILES.csv, OUTPUT_FILES.ndjson, OUTPUT_FILES.html, OUTPUT_FILES.summary],
    };
    writeSummary(outDir, summary);
    return summary;
  } finally {
    index.close();
  }
}
