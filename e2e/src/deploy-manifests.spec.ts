import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { TOPICS } from '@contact-sync/events';

/** The Kubernetes and Docker files must keep matching the code they deploy. */
const ROOT = join(__dirname, '../..');
type Doc = { kind: string; metadata: { name: string }; spec: Record<string, never> } & Record<string, unknown>;
const load = (file: string): Doc[] => parseAllDocuments(readFileSync(join(ROOT, 'k8s', file), 'utf8')).map((d) => d.toJS() as Doc);

const SERVICES = {
  accounts: ['libs/platform/src/config/base-env.schema.ts', 'apps/accounts/src/config/accounts-env.schema.ts'],
  ingest: ['libs/platform/src/config/base-env.schema.ts', 'apps/ingest/src/config/ingest-env.schema.ts'],
  contacts: ['libs/platform/src/config/base-env.schema.ts', 'apps/contacts/src/config/contacts-env.schema.ts'],
  writeback: ['libs/platform/src/config/base-env.schema.ts', 'apps/writeback/src/app.module.ts'],
} as const;

/** Variables a zod env schema declares, and those it requires (no default, not optional). */
function schemaVariables(files: readonly string[]) {
  const known = new Set<string>();
  const required = new Set<string>();
  for (const file of files) {
    const source = readFileSync(join(ROOT, file), 'utf8');
    const keys = [...source.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)];
    keys.forEach((m, i) => {
      // A declaration runs to the next key: required unless it has a default or is optional.
      const declaration = source.slice(m.index, keys[i + 1]?.index ?? source.length).split(/\n\s*\}\)/)[0]!;
      known.add(m[1]!);
      if (!/\.default\(|\.optional\(/.test(declaration)) required.add(m[1]!);
    });
  }
  return { known, required };
}

describe('deployment manifests', () => {
  const config = load('config.yaml').find((d) => d.kind === 'ConfigMap') as unknown as { data: Record<string, string> };
  const secret = load('secret.example.yaml')[0] as unknown as { stringData: Record<string, string> };
  const kustomized = (load('kustomization.yaml')[0] as unknown as { resources: string[] }).resources;

  it.each(Object.keys(SERVICES))('%s: probes, port, HPA, PDB and every required variable', (name) => {
    expect(kustomized).toContain(`${name}.yaml`);
    const docs = load(`${name}.yaml`);
    const deployment = docs.find((d) => d.kind === 'Deployment') as unknown as {
      spec: { template: { spec: { containers: { ports: { containerPort: number }[]; env: { name: string; value?: string }[]; readinessProbe: { httpGet: { path: string } }; livenessProbe: { httpGet: { path: string } } }[] } } };
    };
    const container = deployment.spec.template.spec.containers[0]!;
    expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
    expect(container.livenessProbe.httpGet.path).toBe('/health/live');
    const port = container.ports[0]!.containerPort;
    expect(container.env.find((e) => e.name === 'PORT')?.value).toBe(String(port));
    const service = docs.find((d) => d.kind === 'Service') as unknown as { spec: { ports: { port: number }[] } };
    expect(service.spec.ports[0]!.port).toBe(port);
    expect(docs.map((d) => d.kind)).toEqual(expect.arrayContaining(['HorizontalPodAutoscaler', 'PodDisruptionBudget']));

    const { known, required } = schemaVariables(SERVICES[name as keyof typeof SERVICES]);
    const provided = new Set([...Object.keys(config.data), ...container.env.map((e) => e.name)]);
    for (const variable of required) expect({ variable, provided: provided.has(variable) }).toEqual({ variable, provided: true });
    for (const e of container.env) expect({ variable: e.name, known: known.has(e.name) }).toEqual({ variable: e.name, known: true });
    for (const e of container.env.filter((x) => 'valueFrom' in x)) {
      const ref = (e as unknown as { valueFrom: { secretKeyRef?: { key: string } } }).valueFrom.secretKeyRef;
      if (ref) expect(Object.keys(secret.stringData)).toContain(ref.key);
    }
  });

  it('defines every topic of the topic table, with at least the local partition count', () => {
    const topics = load('topics.yaml').map((d) => d.spec as unknown as { topicName: string; partitions: number });
    for (const t of Object.values(TOPICS)) {
      const defined = topics.find((x) => x.topicName === t.name);
      expect({ topic: t.name, defined: !!defined }).toEqual({ topic: t.name, defined: true });
      expect(defined!.partitions).toBeGreaterThanOrEqual(t.partitions);
    }
  });

  it('builds images from a Dockerfile that exists, for every service', () => {
    const compose = readFileSync(join(ROOT, 'docker/compose.yaml'), 'utf8');
    expect(existsSync(join(ROOT, 'docker/service.Dockerfile'))).toBe(true);
    for (const name of [...Object.keys(SERVICES), 'provider-emulator']) expect(compose).toContain(`SERVICE: ${name}`);
  });
});
