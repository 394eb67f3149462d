import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { bundleWorkspace, type BuildReport } from '@tachywatch/build-tools';

/**
 * `npm run build -w registry`: the CLI (`dist/cli.js`) and the assessment worker it starts (`dist/assess-worker.js`)
 * as plain ES modules with source maps; `@tachywatch/shared` is bundled in, npm dependencies stay imports. The
 * `generate` command is left out: it builds synthetic populations from the test fixtures.
 */

const REGISTRY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SYNTHETIC_GENERATOR = resolve(REGISTRY_ROOT, 'src/synthetic/generate-population.ts');

export type { BuildReport };

/** Resolves the CLI's import of the synthetic generator to ./not-in-production (which says so when called). */
const withoutSyntheticGenerator: Plugin = {
  name: 'registry-without-synthetic-generator',
  setup(build) {
    build.onResolve({ filter: /\/generate-population$/ }, (args) =>
      resolve(args.resolveDir, `${args.path}.ts`) === SYNTHETIC_GENERATOR
        ? { path: resolve(REGISTRY_ROOT, 'src/synthetic/not-in-production.ts') }
        : undefined
    );
  },
};

export async function buildRegistry(outdir = resolve(REGISTRY_ROOT, 'dist')): Promise<BuildReport> {
  const report = await bundleWorkspace({
    workspaceRoot: REGISTRY_ROOT,
    entryPoints: { cli: 'src/cli.ts', 'assess-worker': 'src/assess-worker.ts' },
    outdir,
    plugins: [withoutSyntheticGenerator],
  });
  // The source's first line runs it through tsx; the build is run by node.
  const cli = join(outdir, 'cli.js');
  writeFileSync(cli, readFileSync(cli, 'utf8').replace(/^#!.*\n/, '#!/usr/bin/env node\n'));
  chmodSync(cli, 0o755);
  return report;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = await buildRegistry();
  process.stdout.write(
    `Built ${report.files.length} files into ${relative(process.cwd(), report.outdir) || '.'}; ` +
      `run-time imports: ${report.runtimeImports.join(', ')}\n`
  );
}
