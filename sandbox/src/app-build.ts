import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function getNewestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name === 'dist') continue;
    newest = Math.max(newest, getNewestMtime(join(path, name)));
  }
  return newest;
}

/** Whether `smart-app/dist` is missing or older than any source it is built from (the app's and shared's). */
export function isAppBuildStale(repoRoot: string): boolean {
  const built = join(repoRoot, 'smart-app', 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const sources = ['src', 'public', 'index.html', 'launch.html', 'vite.config.ts', 'package.json'].map((name) =>
    join(repoRoot, 'smart-app', name)
  );
  sources.push(join(repoRoot, 'shared', 'src'));
  return sources.some((source) => getNewestMtime(source) > builtAt);
}

/** Runs `npm run build -w smart-app` (offline: Vite needs no network). */
export function buildApp(repoRoot: string, log: (line: string) => void): Promise<void> {
  log('Building the SMART app (npm run build -w smart-app)…');
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build', '-w', 'smart-app'], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors = (errors + chunk.toString()).slice(-4000);
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`The SMART app build failed (exit ${String(code)}):\n${errors}`));
    });
  });
}
