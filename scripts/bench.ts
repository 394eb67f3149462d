// `npm run bench`: every speed and size target of the product, printed as Markdown tables (pasted into the README).
// Benchmarks compare ratios measured in the same run, because the 2-core machine is shared and noisy.
import { runAppBench } from './bench/app';
import { runCdsBench } from './bench/cds';
import { runDeployBench } from './bench/deploy';
import { runRegistryBench } from './bench/registry';
import { runSandboxBench } from './bench/sandbox';
import { runSharedBench } from './bench/shared';
import type { BenchTable } from './bench/types';

function toMarkdown(table: BenchTable): string {
  const header = `| ${table.columns.join(' | ')} |`;
  const rule = `| ${table.columns.map(() => '---').join(' | ')} |`;
  const rows = table.rows.map((row) => `| ${row.join(' | ')} |`);
  return [`### ${table.title}`, '', header, rule, ...rows, ''].join('\n');
}

const suites: readonly [string, () => Promise<BenchTable | readonly BenchTable[]>][] = [
  ['shared', runSharedBench],
  ['cds', runCdsBench],
  ['deploy', runDeployBench],
  ['sandbox', runSandboxBench],
  ['app', runAppBench],
  ['registry', runRegistryBench],
];

const only = process.argv.slice(2);
let failures = 0;
for (const [name, run] of suites) {
  if (only.length > 0 && !only.includes(name)) {
    continue;
  }
  try {
    const result = await run();
    for (const table of Array.isArray(result) ? result : [result]) {
      console.log(toMarkdown(table as BenchTable));
    }
  } catch (error) {
    failures += 1;
    console.error(`bench ${name} failed:`, error instanceof Error ? error.message : error);
  }
}
process.exit(failures === 0 ? 0 : 1);
