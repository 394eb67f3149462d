import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

interface LockPackage {
  readonly link?: boolean;
  readonly dev?: boolean;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

/**
 * The package-lock entries a workspace needs at run time: its `dependencies`, theirs, and so on (resolved the way
 * Node resolves them: nested `node_modules` first, then each ancestor's). Workspace links are left out (the build
 * bundles them).
 */
export function getProductionClosure(lockfile: string, workspace: string): string[] {
  const lock = JSON.parse(readFileSync(lockfile, 'utf8')) as { packages: Record<string, LockPackage> };
  const found = new Set<string>();
  const visit = (from: string, names: readonly string[], optional: boolean): void => {
    for (const name of names) {
      const key = resolveInLock(lock.packages, from, name);
      if (key === undefined) {
        if (optional) continue;
        throw new Error(`${name} (needed by ${from || 'the root'}) is not in the lockfile`);
      }
      const entry = lock.packages[key];
      if (!entry || entry.link || found.has(key)) continue;
      found.add(key);
      visit(key, Object.keys(entry.dependencies ?? {}), false);
      visit(key, Object.keys({ ...entry.optionalDependencies, ...entry.peerDependencies }), true);
    }
  };
  const root = lock.packages[workspace];
  if (!root) throw new Error(`workspace ${workspace} is not in the lockfile`);
  visit(workspace, Object.keys(root.dependencies ?? {}), false);
  return [...found].sort();
}

function resolveInLock(packages: Record<string, LockPackage>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const key = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (packages[key]) return key;
    if (base === '') return undefined;
    const parent = base.lastIndexOf('/node_modules/');
    base = parent === -1 ? '' : base.slice(0, parent);
  }
}

/**
 * A directory laid out like a production install of a built workspace: `node_modules` holds only the workspace's
 * production closure (links to the installed packages), and `<workspace>/dist` the build. Run the entry with
 * `node --preserve-symlinks --preserve-symlinks-main`, so that nothing resolves outside that closure.
 */
export function buildProductionInstall(options: {
  readonly repoRoot: string;
  readonly workspace: string;
  readonly distDir: string;
  /** The file in dist/ that node runs. */
  readonly entry: string;
  /** Files of the workspace (paths relative to it) the build reads at run time. */
  readonly extraFiles: readonly string[];
}): { readonly root: string; readonly entry: string; readonly packages: readonly string[] } {
  const root = mkdtempSync(join(tmpdir(), 'tachywatch-prod-'));
  const closure = getProductionClosure(join(options.repoRoot, 'package-lock.json'), options.workspace);
  const topLevel = new Map<string, string>();
  for (const key of closure) {
    const workspacePrefix = `${options.workspace}/node_modules/`;
    if (key.startsWith(workspacePrefix) && !key.slice(workspacePrefix.length).includes('/node_modules/')) {
      topLevel.set(key.slice(workspacePrefix.length), key);
    } else if (key.startsWith('node_modules/') && !key.slice('node_modules/'.length).includes('/node_modules/')) {
      const name = key.slice('node_modules/'.length);
      if (!topLevel.has(name)) topLevel.set(name, key);
    }
  }
  for (const [name, key] of topLevel) {
    const target = join(root, 'node_modules', name);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(realpathSync(join(options.repoRoot, key)), target, 'dir');
  }
  const workspaceDir = join(root, options.workspace);
  cpSync(options.distDir, join(workspaceDir, 'dist'), { recursive: true });
  for (const file of options.extraFiles)
    copyFileSync(join(options.repoRoot, options.workspace, file), join(workspaceDir, file));
  return { root, entry: join(workspaceDir, 'dist', options.entry), packages: [...topLevel.keys()].sort() };
}
