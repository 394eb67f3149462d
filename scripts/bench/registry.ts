import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePopulation } from '../../registry/src/synthetic/generate-population';
import type { BenchTable } from './types';

const CHILD = new URL('./registry-child.ts', import.meta.url).pathname;

interface ChildResult {
  readonly seconds: number;
  readonly lines: number;
  readonly maxRssMb: number;
}

function runChild(args: readonly string[]): ChildResult {
  const output = execFileSync(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(output.trim().split('\n').pop() ?? '{}') as ChildResult;
}

function folderMb(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0) / 1024 / 1024;
}

/**
 * The population registry at scale: synthetic exports of `REGISTRY_BENCH_SIZES` patients (default 10,000 and
 * 100,000), each scanned once in a fresh process, against a plain line reader over the same files.
 */
export async function runRegistryBench(): Promise<BenchTable> {
  const sizes = (process.env.REGISTRY_BENCH_SIZES ?? '10000,100000').split(',').map(Number);
  const rows: (string | number)[][] = [];
  for (const patients of sizes) {
    const root = mkdtempSync(join(tmpdir(), 'tw-registry-bench-'));
    try {
      const input = join(root, 'export');
      await generatePopulation({ outDir: input, patients, seed: 7, hostileRate: 0.001 });
      const read = runChild(['read', input]);
      const scan = runChild(['scan', input, join(root, 'out')]);
      rows.push([
        patients.toLocaleString('en-US'),
        scan.lines.toLocaleString('en-US'),
        Math.round(folderMb(input)),
        read.seconds.toFixed(1),
        scan.seconds.toFixed(1),
        `${(scan.seconds / read.seconds).toFixed(0)}×`,
        Math.round(patients / scan.seconds),
        Math.round(scan.maxRssMb),
        Math.round(read.maxRssMb),
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  return {
    title: 'Population registry (synthetic Bulk Data export; scan = index + assess + write, all cores)',
    columns: [
      'patients',
      'NDJSON lines',
      'export MB',
      'plain line read s',
      'registry scan s',
      'scan / read',
      'patients/s',
      'scan peak RSS MB',
      'read peak RSS MB',
    ],
    rows,
  };
}
