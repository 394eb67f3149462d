import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureOutput, chownTree, findFreePort, getUnprivilegedUser, waitForExit, waitUntil } from './processes';

export interface NginxBalancer {
  readonly url: string;
  readonly port: number;
  readonly config: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * The load-balancer part of `deploy/nginx/nginx.conf` for upstream replicas on loopback: round robin, a replica
 * that refuses connections is skipped (the request goes to the next one) and left out for a few seconds.
 */
export function buildNginxConfig(options: {
  readonly dir: string;
  readonly port: number;
  readonly upstreams: readonly number[];
  readonly user?: string;
}): string {
  const { dir } = options;
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
  upstream tachywatch_cds {
${options.upstreams.map((port) => `    server 127.0.0.1:${port} max_fails=1 fail_timeout=3s;`).join('\n')}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${options.port};
    client_max_body_size 6m;
    location = /lb-healthz {
      return 200 "ok";
    }
    location / {
      proxy_pass http://tachywatch_cds;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_connect_timeout 1s;
      proxy_read_timeout 30s;
      proxy_next_upstream error timeout;
      proxy_next_upstream_tries 2;
    }
  }
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
