// One measured registry task in its own process, so that its peak RSS (process.resourceUsage().maxRSS, which counts
// the worker threads too) is its own: `scan <input> <out>` runs the registry; `read <input>` only reads the same NDJSON
// with a plain line reader (the floor any scan must pay). Prints one JSON line: { seconds, maxRssMb, lines? }.
import { createReadStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { listNdjsonFiles } from '../../registry/src/ingest';
import { scanExport } from '../../registry/src/run-registry';
import { WHOLE_POPULATION } from '../../registry/src/shard';
import { defaultWorkerCount } from '../../registry/src/worker-pool';

const [role, input = '', out = ''] = process.argv.slice(2);
const started = performance.now();
let lines = 0;
if (role === 'read') {
  for (const name of readdirSync(input).filter((file) => file.endsWith('.ndjson'))) {
    const reader = createInterface({ input: createReadStream(join(input, name)), crlfDelay: Infinity });
    for await (const line of reader) if (line !== '') lines += 1;
  }
} else {
  const summary = await scanExport({
    files: listNdjsonFiles(input),
    outDir: out,
    shard: WHOLE_POPULATION,
    asOf: '2026-01-15',
    incremental: false,
    serverBases: [],
    workers: defaultWorkerCount(),
    maxLineBytes: 16 * 1024 * 1024,
    progress: { write: () => true, isTTY: false },
  });
  lines = summary.ingest.lines;
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ seconds, lines, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
