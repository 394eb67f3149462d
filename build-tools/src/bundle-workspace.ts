import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

/**
 * The production build of a workspace (`npm run build -w cds-service`, `npm run build -w registry`): plain ES
 * modules for Node 20.19+, with source maps. The workspace packages (`@tachywatch/*`, TypeScript sources) are
 * bundled in; every npm dependency of the workspace stays an import, resolved from `node_modules` at run time, so
 * the output runs with the workspace's production dependencies only.
 */

export interface BundleOptions {
  /** The workspace folder (holds package.json). */
  readonly workspaceRoot: string;
  /** Output name (without .js) → source file, relative to the workspace folder. */
  readonly entryPoints: Readonly<Record<string, string>>;
  readonly outdir: string;
  readonly plugins?: readonly Plugin[];
}

export interface BuildReport {
  readonly outdir: string;
  readonly files: readonly string[];
  /** The npm packages the build imports at run time. */
  readonly runtimeImports: readonly string[];
  /** Every source file bundled in (absolute paths). */
  readonly inputs: readonly string[];
}

export async function bundleWorkspace(options: BundleOptions): Promise<BuildReport> {
  const manifest = JSON.parse(readFileSync(resolve(options.workspaceRoot, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const external = Object.keys(manifest.dependencies ?? {}).filter((name) => !name.startsWith('@tachywatch/'));
  const result = await build({
    entryPoints: Object.fromEntries(
      Object.entries(options.entryPoints).map(([name, source]) => [name, resolve(options.workspaceRoot, source)])
    ),
    outdir: options.outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    sourcemap: true,
    external,
    plugins: [...(options.plugins ?? [])],
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
    outdir: options.outdir,
    files: Object.keys(result.metafile.outputs).map((file) => relative(options.outdir, resolve(file))),
    runtimeImports: [...runtimeImports].sort(),
    inputs: Object.keys(result.metafile.inputs)
      .map((file) => resolve(file))
      .sort(),
  };
}

function toPackageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}
