import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../cds-service/src/config';
import { readDockerfile } from './dockerfile';

/**
 * The deployment files in deploy/: the Kubernetes manifests validated against the Kubernetes API schemas
 * (kubernetes-models ships them and validates offline), plus the promises the README makes about each file.
 */

const DEPLOY = resolve(dirname(fileURLToPath(import.meta.url)), '../../deploy');
const VALIDATORS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'v1/Secret': Secret,
  'v1/Service': Service,
};

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

function loadManifests(): { file: string; manifest: Manifest }[] {
  return readdirSync(join(DEPLOY, 'k8s'))
    .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(DEPLOY, 'k8s', file), 'utf8')).map((document) => {
        expect(document.errors, file).toEqual([]);
        return { file, manifest: document.toJS() as Manifest };
      })
    );
}

const manifests = loadManifests();
const find = <T>(kind: string, name: string): T => {
  const found = manifests.find(({ manifest }) => manifest.kind === kind && manifest.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in deploy/k8s`);
  return found.manifest as unknown as T;
};

interface Container {
  env?: unknown;
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  securityContext: Record<string, unknown>;
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  readinessProbe: { httpGet: { path: string } };
  livenessProbe: { httpGet: { path: string } };
  volumeMounts: { name: string; mountPath: string }[];
}
interface DeploymentManifest {
  metadata: { name: string };
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        terminationGracePeriodSeconds: number;
        securityContext: Record<string, unknown>;
        containers: Container[];
        volumes: { name: string; configMap?: { name: string } }[];
      };
    };
  };
}

describe('Kubernetes manifests (deploy/k8s)', () => {
  it('every document validates against the Kubernetes schema of its kind', () => {
    expect(manifests.length).toBeGreaterThanOrEqual(9);
    for (const { file, manifest } of manifests) {
      const Validator = VALIDATORS[`${manifest.apiVersion}/${manifest.kind}`];
      expect(Validator, `${file}: ${manifest.apiVersion} ${manifest.kind} has no validator`).toBeDefined();
      expect(() => new Validator!(manifest as never).validate(), `${file}: ${manifest.kind}`).not.toThrow();
    }
  });

  it('the registry Jobs (deploy/registry-job.yaml) validate too', () => {
    const documents = parseAllDocuments(readFileSync(join(DEPLOY, 'registry-job.yaml'), 'utf8'));
    expect(documents.length).toBeGreaterThan(0);
    for (const document of documents) {
      expect(document.errors).toEqual([]);
      const manifest = document.toJS() as Manifest;
      const Validator = VALIDATORS[`${manifest.apiVersion}/${manifest.kind}`];
      expect(Validator, `${manifest.apiVersion} ${manifest.kind} has no validator`).toBeDefined();
      expect(() => new Validator!(manifest as never).validate(), manifest.metadata.name).not.toThrow();
    }
  });

  it('the validator does catch a broken manifest', () => {
    const broken = structuredClone(find<DeploymentManifest>('Deployment', 'tachywatch-cds'));
    (broken.spec.template.spec.containers[0] as unknown as { ports: unknown }).ports = [{ containerPort: 'http' }];
    expect(() => new Deployment(broken as never).validate()).toThrow(/containerPort/);
  });

  it('the kustomization lists every manifest file', () => {
    const kustomization = parseYaml(readFileSync(join(DEPLOY, 'k8s', 'kustomization.yaml'), 'utf8')) as {
      resources: string[];
    };
    expect([...kustomization.resources].sort()).toEqual([...new Set(manifests.map(({ file }) => file))].sort());
  });

  it('the service Deployment: probes on /readyz and /healthz, limits, non-root and read-only, grace for draining', () => {
    const deployment = find<DeploymentManifest>('Deployment', 'tachywatch-cds');
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(container?.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container?.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container?.resources.limits).toEqual(
      expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) })
    );
    expect(container?.resources.requests).toEqual(
      expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) })
    );
    expect(pod.securityContext).toEqual(expect.objectContaining({ runAsNonRoot: true }));
    expect(container?.securityContext).toEqual(
      expect.objectContaining({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false })
    );
    expect(deployment.spec.template.metadata.labels).toEqual(
      expect.objectContaining(deployment.spec.selector.matchLabels)
    );
    const config = find<{ data: Record<string, string> }>('ConfigMap', 'tachywatch-cds-config').data;
    expect(Number(config.SHUTDOWN_TIMEOUT_MS) / 1000 + 5).toBeLessThan(pod.terminationGracePeriodSeconds);
    // Hook workers sized to the CPU limit, not to the node's cores (which is all Node can see).
    const cpuLimit = String(container?.resources.limits.cpu);
    const cores = cpuLimit.endsWith('m') ? Number(cpuLimit.slice(0, -1)) / 1000 : Number(cpuLimit);
    expect(Number(config.HOOK_WORKERS)).toBeGreaterThanOrEqual(1);
    expect(Number(config.HOOK_WORKERS)).toBeLessThanOrEqual(Math.ceil(cores));
  });

  it('Service, HPA and PodDisruptionBudget point at the service Deployment', () => {
    const deployment = find<DeploymentManifest>('Deployment', 'tachywatch-cds');
    const labels = deployment.spec.template.metadata.labels;
    const service = find<{ spec: { selector: Record<string, string> } }>('Service', 'tachywatch-cds');
    expect(labels).toEqual(expect.objectContaining(service.spec.selector));
    const hpa = find<{ spec: { scaleTargetRef: { kind: string; name: string }; minReplicas: number } }>(
      'HorizontalPodAutoscaler',
      'tachywatch-cds'
    );
    expect(hpa.spec.scaleTargetRef).toEqual(expect.objectContaining({ kind: 'Deployment', name: 'tachywatch-cds' }));
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    const pdb = find<{ spec: { selector: { matchLabels: Record<string, string> } } }>(
      'PodDisruptionBudget',
      'tachywatch-cds'
    );
    expect(labels).toEqual(expect.objectContaining(pdb.spec.selector.matchLabels));
  });

  it('the ConfigMap and Secret form a configuration the service accepts, with the mounted client key set', () => {
    const deployment = find<DeploymentManifest>('Deployment', 'tachywatch-cds');
    const [container] = deployment.spec.template.spec.containers;
    const configName = container?.envFrom?.find((source) => source.configMapRef)?.configMapRef?.name ?? '';
    const secretName = container?.envFrom?.find((source) => source.secretRef)?.secretRef?.name ?? '';
    const config = find<{ data: Record<string, string> }>('ConfigMap', configName).data;
    const secret = find<{ stringData: Record<string, string> }>('Secret', secretName).stringData;
    const keysMount = container?.volumeMounts.find((mount) => mount.name === 'client-keys');
    const keysVolume = deployment.spec.template.spec.volumes.find((volume) => volume.name === 'client-keys');
    const keys = find<{ data: Record<string, string> }>('ConfigMap', keysVolume?.configMap?.name ?? '').data;

    // The key files land where the pod mounts them; here they go to a temporary directory instead.
    const dir = mkdtempSync(join(tmpdir(), 'tachywatch-k8s-'));
    try {
      for (const [file, content] of Object.entries(keys)) writeFileSync(join(dir, file), content);
      const env = { ...config, ...secret };
      env.CDS_TRUSTED_CLIENTS = env.CDS_TRUSTED_CLIENTS!.replaceAll(`${keysMount?.mountPath}/`, `${dir}/`);
      const parsed = parseConfig(env);
      expect(parsed.databaseUrl).toMatch(/^postgres:\/\//);
      expect(parsed.trustedClients[0]?.jwks?.keys.length).toBeGreaterThan(0);
      expect(parsed.host).toBe('0.0.0.0');
      // /metrics has its own port, exposed by the pod for scraping but not by the Service.
      expect(parsed.metricsPort).toBe(9464);
      const service = find<{ spec: { ports: { targetPort: string }[] } }>('Service', 'tachywatch-cds');
      expect(service.spec.ports.map((port) => port.targetPort)).toEqual(['http']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('container images and compose (deploy/)', () => {
  const { text: dockerfile, instructions, finalStage } = readDockerfile(join(DEPLOY, 'Dockerfile'));

  it('the service image is multi-stage and runs node on dist/ as a non-root user with NODE_ENV=production', () => {
    expect(instructions.filter((line) => line.startsWith('FROM ')).length).toBeGreaterThanOrEqual(3);
    expect(finalStage.find((line) => line.startsWith('USER '))).toMatch(/^USER (node|\d{3,})$/);
    expect(finalStage.join('\n')).toMatch(/ENV NODE_ENV=production/);
    expect(finalStage.find((line) => line.startsWith('HEALTHCHECK '))).toContain('/healthz');
    expect(finalStage.find((line) => line.startsWith('CMD '))).toContain('cds-service/dist/index.js');
    expect(dockerfile).toContain('--omit=dev');
    expect(finalStage.join('\n')).not.toMatch(/tsx/);
  });

  it('compose runs two read-only service replicas on PostgreSQL behind nginx, and the app', () => {
    const compose = parseYaml(readFileSync(join(DEPLOY, 'compose.yaml'), 'utf8'), { merge: true }) as {
      services: Record<string, { read_only?: boolean; environment?: Record<string, string>; volumes?: string[] }>;
    };
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'cds-a', 'cds-b', 'lb', 'postgres']);
    for (const name of ['cds-a', 'cds-b']) {
      const service = compose.services[name];
      expect(service?.read_only).toBe(true);
      expect(service?.environment?.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
    }
    expect(compose.services.lb?.volumes).toContain('./nginx/cds-lb.conf:/etc/nginx/conf.d/default.conf:ro');
    const lb = readFileSync(join(DEPLOY, 'nginx', 'cds-lb.conf'), 'utf8');
    expect(lb).toMatch(/server cds-a:3001/);
    expect(lb).toMatch(/server cds-b:3001/);
  });
});
