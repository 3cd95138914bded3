// infra/ as CI can check it without a container engine or a cluster: the Dockerfile parsed and
// linted, the Kubernetes manifests validated against the Kubernetes API schemas, and the rules we
// rely on (non-root, health check, pinned base, probes on /readyz and /healthz, secrets by reference).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigSchema } from './config.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const infra = path.join(root, 'infra');

describe('infra/Dockerfile', async () => {
  const text = await readFile(path.join(infra, 'Dockerfile'), 'utf8');
  const dockerfile = DockerfileParser.parse(text);
  const instructions = dockerfile.getInstructions();
  const froms = dockerfile.getFROMs();
  const runtimeStage = instructions.slice(instructions.indexOf(froms.at(-1)!));

  it('passes the linter with no error or warning', () => {
    const problems = validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    expect(problems).toEqual([]);
  });

  it('is multi-stage on a pinned node base image', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    expect(froms.map((f) => f.getBuildStage())).toEqual(expect.arrayContaining(['build', 'runtime']));
    for (const from of froms) {
      expect(from.getImageName()).toBe('node');
      // A full version (major.minor.patch), never latest or a floating major.
      expect(from.getImageTag()).toMatch(/^\d+\.\d+\.\d+-/);
    }
    expect(runtimeStage.filter((i) => i.getKeyword() === 'COPY').every((i) => /--from=build/.test(i.getTextContent()))).toBe(true);
  });

  it('is what the offline builder stands in for (infra/offline-image/build.sh builds the same base tag)', async () => {
    const script = await readFile(path.join(infra, 'offline-image/build.sh'), 'utf8');
    const node = /^NODE_VERSION=(\S+)$/m.exec(script)?.[1];
    for (const from of froms) expect(from.getImageTag()).toBe(`${node}-bookworm-slim`);
  });

  it('runs the compiled server with plain node as a non-root user, with a health check', () => {
    const users = runtimeStage.filter((i) => i.getKeyword() === 'USER').map((i) => i.getArgumentsContent());
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    const health = dockerfile.getHEALTHCHECKs();
    expect(health).toHaveLength(1);
    expect(health[0]!.getArgumentsContent()).toContain('/healthz');
    const cmd = dockerfile.getCMDs().at(-1)!.getArgumentsContent() ?? '';
    expect(cmd).toMatch(/^\["node",.*"apps\/server\/dist\/main\.js"\]$/);
    expect(cmd).not.toContain('tsx');
    // Everything the runtime stage copies exists after the build stage's commands.
    const build = text.slice(0, text.indexOf('AS runtime'));
    expect(build).toContain('pnpm build:server');
    expect(existsSync(path.join(root, '.dockerignore'))).toBe(true);
  });
});

type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; [key: string]: unknown };

async function manifests(): Promise<Manifest[]> {
  const files = ['deployment.yaml', 'service.yaml', 'hpa.yaml', 'secret.example.yaml'];
  const all: Manifest[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(await readFile(path.join(infra, 'k8s', file), 'utf8'))) {
      expect(doc.errors).toEqual([]);
      all.push(doc.toJS() as Manifest);
    }
  }
  return all;
}

const models: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/Secret': Secret,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

describe('infra/k8s manifests', async () => {
  const all = await manifests();
  const deployment = all.find((m) => m.kind === 'Deployment') as unknown as Deployment;
  const container = deployment.spec!.template.spec!.containers[0]!;

  it('validate against the Kubernetes API schemas', () => {
    expect(all.map((m) => m.kind).sort()).toEqual(['Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Secret', 'Service']);
    for (const m of all) {
      const Model = models[`${m.apiVersion}/${m.kind}`];
      expect(Model, `${m.apiVersion} ${m.kind}`).toBeDefined();
      expect(() => new Model!(m as never).validate()).not.toThrow();
    }
  });

  it('the validator refuses a broken manifest (so a pass means something)', () => {
    const broken = structuredClone(deployment) as unknown as { spec: { replicas: unknown } };
    broken.spec.replicas = 'two';
    expect(() => new Deployment(broken as never).validate()).toThrow(/replicas/);
  });

  it('probe readiness on /readyz and liveness on /healthz, run non-root, and take secrets by reference', () => {
    expect(container.readinessProbe?.httpGet?.path).toBe('/readyz');
    expect(container.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(deployment.spec!.template.spec!.securityContext?.runAsNonRoot).toBe(true);
    const env = new Map((container.env ?? []).map((e) => [e.name, e]));
    for (const secret of ['DATABASE_URL', 'AUTH_SECRET', 'CONTENT_S3_ACCESS_KEY_ID', 'CONTENT_S3_SECRET_ACCESS_KEY']) {
      expect(env.get(secret)?.valueFrom?.secretKeyRef?.name, secret).toBe('course-companion');
      expect(env.get(secret)?.value, `${secret} must not be inline`).toBeUndefined();
    }
    // Every variable set is one the server reads (a typo would be silently ignored).
    const known = new Set([...Object.keys(ConfigSchema.shape), 'CONTENT_S3_REGION', 'CONTENT_S3_BUCKET', 'CONTENT_S3_ENDPOINT', 'CONTENT_S3_ACCESS_KEY_ID', 'CONTENT_S3_SECRET_ACCESS_KEY', 'PLANNER_BASE_URL', 'PLANNER_API_KEY', 'PLANNER_MODEL']);
    for (const name of env.keys()) expect(known, name).toContain(name);
    // The Service and the HPA point at the Deployment.
    const service = all.find((m) => m.kind === 'Service') as unknown as Service;
    expect(service.spec?.selector).toEqual(deployment.spec!.selector.matchLabels);
    const hpa = all.find((m) => m.kind === 'HorizontalPodAutoscaler') as unknown as HorizontalPodAutoscaler;
    expect(hpa.spec?.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: deployment.metadata!.name });
    expect(hpa.spec!.minReplicas).toBeGreaterThanOrEqual(2);
  });
});
