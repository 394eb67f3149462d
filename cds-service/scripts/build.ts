import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * `npm run build -w cds-service`: compiles the service to plain ES modules with source maps in `dist/`.
 * The workspace package `@tachywatch/shared` (TypeScript sources) is bundled in; every npm dependency stays an
 * import, resolved from `node_modules` at run time, so `dist/` runs with the production dependencies only.
 */

const SERVICE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface BuildReport {
  readonly outdir: string;
  readonly files: readonly string[];
  /** The npm packages the build imports at run time. */
  readonly runtimeImports: readonly string[];
}

export async function buildCdsService(outdir = resolve(SERVICE_ROOT, 'dist')): Promise<BuildReport> {
  const manifest = JSON.parse(readFileSync(resolve(SERVICE_ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const external = Object.keys(manifest.dependencies).filter((name) => !name.startsWith('@tachywatch/'));
  const result = await build({
    entryPoints: {
      index: resolve(SERVICE_ROOT, 'src/index.ts'),
      migrate: resolve(SERVICE_ROOT, 'src/migrate.ts'),
      // Started by the hook worker pool (src/invoke/hook-worker-pool.ts) from beside dist/index.js.
      'hook-worker': resolve(SERVICE_ROOT, 'src/invoke/hook-worker.ts'),
    },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    sourcemap: true,
    external,
    metafile: true,
    logLevel: 'warning',
    legalComments: 'linked',
  });
  const runtimeImports = new Set<string>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const imported of output.imports) {
      if (imported.external && !imported.path.startsWith('node:')) runtimeImports.add(toPackageName(imported.path));
    }
  }
  return {
    outdir,
    files: Object.keys(result.metafile.outputs).map((file) => relative(outdir, resolve(file))),
    runtimeImports: [...runtimeImports].sort(),
  };
}

function toPackageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = await buildCdsService();
  process.stdout.write(
    `Built ${report.files.length} files into ${relative(process.cwd(), report.outdir) || '.'}; ` +
      `run-time imports: ${report.runtimeImports.join(', ')}\n`
  );
}
