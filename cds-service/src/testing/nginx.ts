import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { captureOutput, chownTree, findFreePort, getUnprivilegedUser, waitForExit, waitUntil } from './processes';

export interface NginxBalancer {
  readonly url: string;
  readonly port: number;
  readonly config: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

const LB_CONFIG = resolve(dirname(fileURLToPath(import.meta.url)), '../../../deploy/nginx/cds-lb.conf');

/**
 * The shipped load-balancer configuration (`deploy/nginx/cds-lb.conf`) with its upstream servers replaced by
 * replicas on loopback and its port by `port`, inside a main context that keeps every file in `dir`.
 */
export function buildNginxConfig(options: {
  readonly dir: string;
  readonly port: number;
  readonly upstreams: readonly number[];
  readonly user?: string;
}): string {
  const { dir } = options;
  const shipped = readFileSync(LB_CONFIG, 'utf8');
  const serverLine = /^(\s*)server\s+[\w.-]+:\d+(\s[^;]*)?;\n/m;
  const match = serverLine.exec(shipped);
  if (!match) throw new Error(`no upstream server line in ${LB_CONFIG}`);
  const parameters = match[2] ?? '';
  const servers = options.upstreams.map((port) => `${match[1] ?? ''}server 127.0.0.1:${port}${parameters};\n`).join('');
  const http = shipped
    .replace(new RegExp(`${serverLine.source}`, 'gm'), '')
    .replace(/(upstream\s+\w+\s*\{\n)/, `$1${servers}`)
    .replace(/listen\s+\d+;/, `listen 127.0.0.1:${options.port};`);
  return `${options.user ? `user ${options.user};\n` : ''}worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
${http}
}
`;
}

/** Debian's nginx in front of `upstreams`, from a temporary prefix, in the foreground. */
export async function startNginx(nginxPath: string, upstreams: readonly number[]): Promise<NginxBalancer> {
  const user = getUnprivilegedUser();
  const dir = mkdtempSync(join(tmpdir(), 'tachywatch-nginx-'));
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub));
  const port = await findFreePort();
  const config = buildNginxConfig({ dir, port, upstreams, ...(user ? { user: 'nobody nogroup' } : {}) });
  const configPath = join(dir, 'nginx.conf');
  writeFileSync(configPath, config);
  chownTree(dir, user);
  let child: ChildProcess | undefined;
  const url = `http://127.0.0.1:${port}`;

  const start = async (): Promise<void> => {
    const running = spawn(nginxPath, ['-p', dir, '-c', configPath, '-e', join(dir, 'error.log')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = running;
    const output = captureOutput(running);
    await waitUntil('nginx to listen', async () => {
      if (running.exitCode !== null) throw new Error(`nginx exited:\n${output()}`);
      await fetch(`${url}/lb-healthz`, { signal: AbortSignal.timeout(2000) });
      return true;
    });
  };
  const stop = async (): Promise<void> => {
    if (!child) return;
    const running = child;
    child = undefined;
    running.kill('SIGQUIT');
    await waitForExit(running);
  };
  await start();
  return {
    url,
    port,
    config,
    start,
    stop,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
