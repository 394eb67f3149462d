import { spawn, type ChildProcess } from 'node:child_process';
import { captureOutput, findFreePort, waitUntil } from './processes';

export interface ServiceProcess {
  readonly port: number;
  readonly url: string;
  readonly child: ChildProcess;
  /** Every JSON log line the process printed so far, parsed. */
  logLines(): Record<string, unknown>[];
  /** SIGTERM and wait for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL (a crash) and wait for the exit. */
  kill(): Promise<void>;
  /** Resolves once the process has exited and its output is fully read. */
  readonly closed: Promise<void>;
}

/**
 * Runs the built service (`node dist/index.js`) as a child process on loopback, the way a container runs it
 * (NODE_ENV=production), and waits until `/readyz` answers 200.
 */
export async function startServiceProcess(options: {
  readonly entry: string;
  readonly env: Readonly<Record<string, string>>;
  readonly port?: number;
  readonly nodeArgs?: readonly string[];
}): Promise<ServiceProcess> {
  const port = options.port ?? (await findFreePort());
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--enable-source-maps', options.entry], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutput(child, 200_000);
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(`the service on port ${port}`, async () => {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}:\n${output()}`);
    const response = await fetch(`${url}/readyz`);
    return response.status === 200;
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return {
    port,
    url,
    child,
    closed,
    logLines: () =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    async stop() {
      child.kill('SIGTERM');
      await closed;
      return child.exitCode;
    },
    async kill() {
      child.kill('SIGKILL');
      await closed;
    },
  };
}
