import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkspace, type BuildReport } from '@tachywatch/build-tools';

/**
 * `npm run build -w cds-service`: compiles the service to plain ES modules with source maps in `dist/`.
 * The workspace package `@tachywatch/shared` (TypeScript sources) is bundled in; every npm dependency stays an
 * import, resolved from `node_modules` at run time, so `dist/` runs with the production dependencies only.
 */

const SERVICE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export type { BuildReport };

export function buildCdsService(outdir = resolve(SERVICE_ROOT, 'dist')): Promise<BuildReport> {
  return bundleWorkspace({
    workspaceRoot: SERVICE_ROOT,
    entryPoints: {
      index: 'src/index.ts',
      migrate: 'src/migrate.ts',
      // Started by the hook worker pool (src/invoke/hook-worker-pool.ts) from beside dist/index.js.
      'hook-worker': 'src/invoke/hook-worker.ts',
    },
    outdir,
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = await buildCdsService();
  process.stdout.write(
    `Built ${report.files.length} files into ${relative(process.cwd(), report.outdir) || '.'}; ` +
      `run-time imports: ${report.runtimeImports.join(', ')}\n`
  );
}
