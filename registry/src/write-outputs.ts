import { once } from 'node:events';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { CSV_HEADER, toCsvLine } from './outputs/csv';
import { MAX_CHARTED_PATIENTS, renderReportHead, renderReportRow, renderReportTail } from './outputs/html-report';
import { openPrivateWriteStream } from './private-files';
import { isFlagged, type RegistryRow } from './registry-row';
import type { ResourceIndex } from './resource-index';

export const OUTPUT_FILES = {
  csv: 'registry.csv',
  ndjson: 'registry.ndjson',
  html: 'report.html',
  summary: 'summary.json',
} as const;

export interface OutputContext {
  readonly outDir: string;
  readonly asOf: string;
  readonly generatedAt: string;
  readonly skipped: readonly { readonly reason: string; readonly count: number }[];
  readonly shard?: string;
}

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function end(stream: Writable): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

/**
 * Writes registry.csv, registry.ndjson and report.html (owner-only) from the index's results in one streaming pass,
 * most urgent first. Returns the number of rows written.
 */
export async function writeOutputs(index: ResourceIndex, context: OutputContext): Promise<number> {
  const patients = index.countResults();
  const flagged = index.countResults(true);
  const head = renderReportHead({
    generatedAt: context.generatedAt,
    asOf: context.asOf,
    patients,
    flagged,
    byStatus: index.countResultsBy('status'),
    byDrugClass: index.countResultsBy('drug_class'),
    skipped: context.skipped,
    ...(context.shard ? { shard: context.shard } : {}),
  });
  const csv = openPrivateWriteStream(join(context.outDir, OUTPUT_FILES.csv));
  const ndjson = openPrivateWriteStream(join(context.outDir, OUTPUT_FILES.ndjson));
  const html = openPrivateWriteStream(join(context.outDir, OUTPUT_FILES.html));
  let written = 0;
  let charted = 0;
  try {
    await write(csv, CSV_HEADER);
    await write(html, head);
    for (const rowJson of index.iterateResults()) {
      const row = JSON.parse(rowJson) as RegistryRow;
      await write(csv, toCsvLine(row));
      await write(ndjson, `${rowJson}\n`);
      if (isFlagged(row) && charted < MAX_CHARTED_PATIENTS) {
        charted += 1;
        await write(html, renderReportRow(row));
      }
      written += 1;
    }
    await write(html, renderReportTail(charted, flagged));
  } finally {
    await Promise.all([end(csv), end(ndjson), end(html)]);
  }
  return written;
}
