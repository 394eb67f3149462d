import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_ANCHOR } from '@tachywatch/fixtures';
import type { RegistryRow } from '../src/registry-row';
import type { ScanOptions } from '../src/run-registry';
import { WHOLE_POPULATION } from '../src/shard';

/** A progress stream that prints nothing (tests assert on files and summaries). */
export const QUIET = { write: () => true, isTTY: false };

/** Temporary folders for one test file: `make()` creates one, `removeAll()` (in afterEach) deletes them. */
export function createTempDirs(prefix: string): { make: () => string; removeAll: () => void } {
  const dirs: string[] = [];
  return {
    make: () => {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    },
    removeAll: () => {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function readRegistryRows(outDir: string): RegistryRow[] {
  return readFileSync(join(outDir, 'registry.ndjson'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as RegistryRow);
}

/** Scan options for tests: the whole population, assessed as of the fixtures' anchor, quiet, one worker. */
export function testScanOptions(outDir: string): Omit<ScanOptions, 'files' | 'incremental'> {
  return {
    outDir,
    shard: WHOLE_POPULATION,
    asOf: FIXTURE_ANCHOR,
    serverBases: [],
    workers: 1,
    maxLineBytes: 1024 * 1024,
    progress: QUIET,
  };
}
