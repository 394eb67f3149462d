import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCdsService } from '../../cds-service/scripts/build';
import { buildRegistry, type BuildReport } from '../../registry/scripts/build';
import { EXIT_INCOMPLETE } from '../../registry/src/cli';
import { readDockerfile } from './dockerfile';

/**
 * The registry image (deploy/registry.Dockerfile) and the Jobs that run it (deploy/registry-job.yaml), checked
 * statically (no Docker here): the image builds what the Jobs run, from sources it has copied, and the Jobs name the
 * image the Dockerfile and the README say to build.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DEPLOY = join(ROOT, 'deploy');
const WORKSPACES = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] })
  .workspaces;
const image = readDockerfile(join(DEPLOY, 'registry.Dockerfile'));

interface JobContainer {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
}
interface JobManifest {
  kind: string;
  metadata: { name: string };
  spec: {
    podFailurePolicy?: { rules: unknown[] };
    template: { spec: { containers: JobContainer[]; initContainers?: JobContainer[] } };
  };
}
const jobs = parseAllDocuments(readFileSync(join(DEPLOY, 'registry-job.yaml'), 'utf8'))
  .map((document) => document.toJS() as JobManifest)
  .filter((manifest) => manifest.kind === 'Job');

/** The workspace folders a build bundles source files from (npm packages come from the image's npm ci). */
function sourceFolders(inputs: readonly string[]): string[] {
  const folders = inputs.map((file) => relative(ROOT, file).split('/')[0] ?? '');
  return [...new Set(folders.filter((folder) => WORKSPACES.includes(folder)))].sort();
}

let outdir: string;
const builds: Record<string, Pick<BuildReport, 'files' | 'runtimeImports'> & { folders: string[] }> = {};

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'tw-deploy-builds-'));
  const registry = await buildRegistry(join(outdir, 'registry'));
  const service = await buildCdsService(join(outdir, 'cds-service'));
  builds.registry = { ...registry, folders: sourceFolders(registry.inputs) };
  builds['cds-service'] = { ...service, folders: sourceFolders(service.inputs) };
}, 60_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('the images build from what they copy (deploy/*Dockerfile)', () => {
  it.each(['Dockerfile', 'app.Dockerfile', 'registry.Dockerfile'])(
    '%s copies every workspace manifest before npm ci (the lockfile names them all)',
    (file) => {
      const { instructions } = readDockerfile(join(DEPLOY, file));
      const install = instructions.findIndex((line) => /^RUN npm ci\b/.test(line));
      expect(install).toBeGreaterThan(0);
      for (const workspace of WORKSPACES) {
        expect(instructions.slice(0, install), `${file}: ${workspace}/package.json`).toContain(
          `COPY ${workspace}/package.json ${workspace}/`
        );
      }
    }
  );

  it.each([
    ['Dockerfile', 'cds-service'],
    ['registry.Dockerfile', 'registry'],
  ])('%s copies every folder the %s build reads before it runs the build', (file, workspace) => {
    const { instructions } = readDockerfile(join(DEPLOY, file));
    const buildStep = instructions.indexOf(`RUN npm run build -w ${workspace}`);
    expect(buildStep).toBeGreaterThan(0);
    const folders = builds[workspace]?.folders ?? [];
    expect(folders).toEqual(expect.arrayContaining(['shared', workspace]));
    // The build script itself runs @tachywatch/build-tools.
    for (const folder of [...folders, 'build-tools']) {
      expect(instructions.slice(0, buildStep), `${file}: ${folder}/`).toContain(`COPY ${folder}/ ${folder}/`);
    }
  });
});

/**
 * Runs a Dockerfile's production-dependency step (`npm ci --omit=dev --workspace …`, as written there) on the
 * repository's manifests and lockfile in a temporary folder, without install scripts, and lists what it installed.
 */
function installProductionDependencies(dockerfile: string): string[] {
  const step = readDockerfile(join(DEPLOY, dockerfile)).instructions.find((line) => / npm ci --omit=dev /.test(line));
  const command = /npm ci --omit=dev .*$/.exec(step ?? '')?.[0].split(' ') ?? [];
  expect(command.length, `${dockerfile}: npm ci --omit=dev step`).toBeGreaterThan(3);
  const dir = mkdtempSync(join(tmpdir(), 'tw-prod-deps-'));
  try {
    for (const file of ['package.json', 'package-lock.json', ...WORKSPACES.map((name) => `${name}/package.json`)]) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), readFileSync(join(ROOT, file)));
    }
    execFileSync(command[0]!, [...command.slice(1), '--ignore-scripts', '--prefer-offline'], {
      cwd: dir,
      stdio: 'pipe',
    });
    const modules = join(dir, 'node_modules');
    return readdirSync(modules).flatMap((name) =>
      name.startsWith('.')
        ? []
        : name.startsWith('@')
          ? readdirSync(join(modules, name)).map((scoped) => `${name}/${scoped}`)
          : [name]
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the images install the run-time imports of their build and no build tool', { timeout: 120_000 }, () => {
  it.each([
    ['Dockerfile', 'cds-service'],
    ['registry.Dockerfile', 'registry'],
  ])('%s: the %s production dependencies', (file, workspace) => {
    const installed = installProductionDependencies(file);
    expect(installed).toEqual(expect.arrayContaining([...(builds[workspace]?.runtimeImports ?? [])]));
    for (const tool of ['tsx', 'esbuild', 'vitest', 'typescript', 'vite']) expect(installed, file).not.toContain(tool);
  });
});

describe('the registry image (deploy/registry.Dockerfile)', () => {
  it('is multi-stage and runs node on the built CLI as a non-root user with production dependencies only', () => {
    const { instructions, finalStage, text } = image;
    expect(instructions.filter((line) => line.startsWith('FROM ')).length).toBeGreaterThanOrEqual(3);
    expect(finalStage.find((line) => line.startsWith('USER '))).toMatch(/^USER (node|\d{3,})$/);
    expect(finalStage).toContain('ENV NODE_ENV=production');
    expect(text).toMatch(/npm ci --omit=dev --workspace registry /);
    expect(finalStage.join('\n')).not.toMatch(/tsx/);
    const entrypoint = JSON.parse(finalStage.find((line) => line.startsWith('ENTRYPOINT '))?.slice(11) ?? '[]');
    expect(entrypoint).toEqual(['node', '--enable-source-maps', 'registry/dist/cli.js']);
  });

  it('holds the build output at the path the entry point names, with the package.json that makes it ES modules', () => {
    const { finalStage } = image;
    expect(finalStage).toContain('WORKDIR /app');
    expect(finalStage).toContain('COPY --from=build /src/registry/dist ./registry/dist');
    expect(finalStage).toContain('COPY registry/package.json ./registry/');
    expect(JSON.parse(readFileSync(join(ROOT, 'registry/package.json'), 'utf8'))).toEqual(
      expect.objectContaining({ type: 'module' })
    );
    // The CLI and the worker its pool starts from beside it.
    expect(builds.registry?.files).toEqual(expect.arrayContaining(['cli.js', 'assess-worker.js']));
  });
});

describe('the registry Jobs (deploy/registry-job.yaml)', () => {
  const tag = /docker build -f deploy\/registry\.Dockerfile -t (\S+) \./.exec(image.text)?.[1] ?? '';

  it('run the image the Dockerfile and the README say to build', () => {
    expect(tag).toMatch(/^tachywatch-registry:\d/);
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(
      `docker build -f deploy/registry.Dockerfile -t ${tag} .`
    );
    expect(jobs.map((job) => job.metadata.name).sort()).toEqual([
      'tachywatch-registry-export',
      'tachywatch-registry-merge',
      'tachywatch-registry-scan',
    ]);
    for (const job of jobs) {
      const pod = job.spec.template.spec;
      for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
        expect(container.image, `${job.metadata.name}/${container.name}`).toBe(tag);
      }
    }
  });

  it('run the built CLI with node from the image working directory, never through tsx', () => {
    const subcommands: string[] = [];
    for (const job of jobs) {
      const pod = job.spec.template.spec;
      for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
        const script = [...(container.command ?? []), ...(container.args ?? [])].join(' ');
        expect(script, `${job.metadata.name}/${container.name}`).not.toMatch(/tsx|\.ts\b/);
        expect(container.workingDir).toBeUndefined();
      }
      for (const container of pod.containers) {
        const run = /\bnode --enable-source-maps registry\/dist\/cli\.js (\S+)/.exec((container.args ?? []).join(' '));
        expect(run, `${job.metadata.name}/${container.name}`).not.toBeNull();
        subcommands.push(run?.[1] ?? '');
      }
    }
    expect(subcommands.sort()).toEqual(['--from', 'export', 'merge']);
  });

  it("fail a scan index at once, without retries, on the CLI's exit code for an incomplete registry", () => {
    const scan = jobs.find((job) => job.metadata.name === 'tachywatch-registry-scan');
    expect(scan?.spec.podFailurePolicy?.rules).toContainEqual({
      action: 'FailIndex',
      onExitCodes: { containerName: 'scan', operator: 'In', values: [EXIT_INCOMPLETE] },
    });
  });
});
