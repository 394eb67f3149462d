import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  captureOutput,
  chownTree,
  findFreePort,
  getUnprivilegedUser,
  waitForExit,
  waitUntil,
  type RunAsUser,
} from './processes';

/** Where Debian's `postgresql` package puts the server binaries (newest major first), or undefined. */
export function findPostgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const majors = readdirSync(root)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    for (const major of majors) {
      const bin = join(root, major, 'bin');
      if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'postgres'))) return bin;
    }
  }
  try {
    const bin = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    return existsSync(join(bin, 'initdb')) ? bin : undefined;
  } catch {
    return undefined;
  }
}

export interface PostgresCluster {
  /** `postgres://…/tachywatch` on 127.0.0.1 (trust authentication; a throwaway cluster). */
  readonly url: string;
  readonly port: number;
  /** Fast shutdown; the data stays for `start()`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes the cluster. */
  destroy(): Promise<void>;
}

/**
 * A throwaway PostgreSQL cluster in a temporary directory, run by an unprivileged user (as `nobody` when this
 * process is root, because PostgreSQL refuses to run as root), listening on 127.0.0.1 only, with a database
 * named `tachywatch`.
 */
export async function startPostgresCluster(binDir: string): Promise<PostgresCluster> {
  const user = getUnprivilegedUser();
  const root = mkdtempSync(join(tmpdir(), 'tachywatch-pg-'));
  const data = join(root, 'data');
  const sockets = join(root, 'sockets');
  mkdirSync(sockets);
  chownTree(root, user);
  execFileSync(join(binDir, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], {
    stdio: 'pipe',
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
  const port = await findFreePort();
  let server: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    server = spawnPostgres(binDir, data, sockets, port, user);
    const output = captureOutput(server);
    await waitUntil(
      'PostgreSQL to accept connections',
      async () => {
        if (server?.exitCode !== null) throw new Error(`PostgreSQL exited:\n${output()}`);
        const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
        await client.connect();
        await client.end();
        return true;
      },
      30_000
    );
  };
  const stop = async (): Promise<void> => {
    if (!server) return;
    const running = server;
    server = undefined;
    running.kill('SIGINT');
    await waitForExit(running);
  };

  await start();
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  await admin.connect();
  await admin.query('CREATE DATABASE tachywatch');
  await admin.end();

  return {
    url: `postgres://postgres@127.0.0.1:${port}/tachywatch`,
    port,
    start,
    stop,
    async destroy() {
      await stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function spawnPostgres(
  binDir: string,
  data: string,
  sockets: string,
  port: number,
  user: RunAsUser | undefined
): ChildProcess {
  return spawn(
    join(binDir, 'postgres'),
    ['-D', data, '-p', String(port), '-k', sockets, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    { stdio: ['ignore', 'pipe', 'pipe'], ...(user ? { uid: user.uid, gid: user.gid } : {}) }
  );
}
