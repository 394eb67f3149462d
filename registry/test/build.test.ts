import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProductionInstall } from '@tachywatch/build-tools/testing';
import { FIXTURE_ANCHOR, listFixtures } from '@tachywatch/fixtures';
import { buildRegistry, type BuildReport } from '../scripts/build';
import { compareWithFixtureExpectations, writeFixtureExport } from './fixture-export';
import { readRegistryRows } from './helpers';

const REGISTRY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPO_ROOT = resolve(REGISTRY_ROOT, '..');
const manifest = JSON.parse(readFileSync(join(REGISTRY_ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

let root: string;
let report: BuildReport;
let install: ReturnType<typeof buildProductionInstall>;
let exportDir: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tw-registry-build-'));
  report = await buildRegistry(join(root, 'dist'));
  install = buildProductionInstall({
    repoRoot: REPO_ROOT,
    workspace: 'registry',
    distDir: report.outdir,
    entry: 'cli.js',
    extraFiles: ['package.json'],
  });
  exportDir = join(root, 'export');
  await (await writeFixtureExport(exportDir)).close();
}, 60_000);
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(install.root, { recursive: true, force: true });
});

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI the way the image does: node on dist/cli.js, resolving nothing outside the production install. */
function runBuiltCli(args: readonly string[]): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--enable-source-maps', '--preserve-symlinks', '--preserve-symlinks-main', install.entry, ...args],
      { cwd: install.root, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] }
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('the registry build (npm run build -w registry)', () => {
  it('emits the CLI and its worker as plain JavaScript with source maps, importing only production dependencies', () => {
    expect([...report.files].sort()).toEqual(['assess-worker.js', 'assess-worker.js.map', 'cli.js', 'cli.js.map']);
    const cli = readFileSync(join(report.outdir, 'cli.js'), 'utf8');
    expect(cli.split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(cli).toContain('//# sourceMappingURL=cli.js.map');
    for (const file of ['cli.js', 'assess-worker.js']) {
      const code = readFileSync(join(report.outdir, file), 'utf8');
      expect(code, file).not.toMatch(/from ["']@tachywatch\//);
      expect(code, file).not.toMatch(/["']tsx(\/[^"']*)?["']/);
    }
    for (const imported of report.runtimeImports) expect(Object.keys(manifest.dependencies)).toContain(imported);
    expect(report.runtimeImports).toEqual(expect.arrayContaining(['better-sqlite3', 'zod']));
    expect(Object.keys(manifest.dependencies)).not.toContain('tsx');
    expect(install.packages).not.toContain('tsx');
    expect(install.packages).not.toContain('esbuild');
  });

  it('bundles the engine but neither the test fixtures nor the synthetic generator', () => {
    const inside = (folder: string): string[] =>
      report.inputs.filter((file) => file.startsWith(join(REPO_ROOT, folder) + sep));
    expect(inside('shared').length).toBeGreaterThan(0);
    expect(inside('fixtures')).toEqual([]);
    expect(report.inputs).not.toContain(join(REGISTRY_ROOT, 'src', 'synthetic', 'generate-population.ts'));
    expect(report.inputs).toContain(join(REGISTRY_ROOT, 'src', 'synthetic', 'not-in-production.ts'));
  });
});

describe('the built CLI, run by node with only its production dependencies', { timeout: 60_000 }, () => {
  it('scans an export with its worker pool and classifies every patient as its scenario says', async () => {
    const out = join(root, 'registry');
    const run = await runBuiltCli(['--from', exportDir, '--out', out, '--as-of', FIXTURE_ANCHOR, '--workers', '2']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/could not be assessed/);
    expect(run.stdout).toContain(`registry: ${listFixtures().length} patients`);
    const rows = readRegistryRows(out);
    expect(rows).toHaveLength(listFixtures().length);
    expect(compareWithFixtureExpectations(rows)).toEqual([]);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { failures: number };
    expect(summary.failures).toBe(0);
  });

  it('runs the sharded procedure of the Kubernetes Jobs: two shard scans, then merge', async () => {
    const shards = [join(root, 'shard-0'), join(root, 'shard-1')];
    for (const [index, shard] of shards.entries()) {
      const run = await runBuiltCli([
        '--from',
        exportDir,
        '--out',
        shard,
        '--as-of',
        FIXTURE_ANCHOR,
        '--shard',
        `${index + 1}/2`,
      ]);
      expect(run.code, run.stderr).toBe(0);
    }
    const shardRows = shards.map((shard) => readRegistryRows(shard).length);
    expect(shardRows.every((count) => count > 0)).toBe(true);
    const merged = join(root, 'merged');
    const run = await runBuiltCli(['merge', '--out', merged, ...shards]);
    expect(run.code, run.stderr).toBe(0);
    const rows = readRegistryRows(merged);
    expect(rows).toHaveLength(listFixtures().length);
    expect(shardRows[0]! + shardRows[1]!).toBe(rows.length);
    expect(compareWithFixtureExpectations(rows)).toEqual([]);
  });

  it('says that generate is not in the production build, exit 2, and writes nothing', async () => {
    const out = join(root, 'population');
    const run = await runBuiltCli(['generate', '--patients', '3', '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^registry: generate is not in the production build/);
    expect(() => readFileSync(join(out, 'Patient.ndjson'))).toThrow();
  });
});
