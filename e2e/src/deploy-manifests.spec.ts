import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { TOPICS } from '@contact-sync/events';
import { GOOGLE_PRODUCTION_ENDPOINTS, googleEmulatorEndpoints } from '@contact-sync/provider-adapters';

/**
 * docker/ and k8s/ must keep matching the code they deploy: ports, health endpoints, environment
 * variables (against the services' zod schemas), topics, images. No network, no cluster: the files
 * are parsed as they are. Apps may not be imported from here (module boundaries), so the env schemas
 * are read as source text.
 */

const ROOT = join(__dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

// ---- what the code says -----------------------------------------------------------------------------

const BASE_SCHEMA = 'libs/platform/src/config/base-env.schema.ts';
/** Merged into the schemas of the services that take acting-user tokens (PlatformModule actorAuth). */
const ACTOR_TOKEN_SCHEMA = 'libs/platform/src/http/actor-token-env.schema.ts';
/** Who may call a service's internal APIs (servers), and a caller's own credential (clients). */
const INTERNAL_CLIENTS_SCHEMA = 'libs/platform/src/internal-api/internal-api-clients-env.schema.ts';
const INTERNAL_KEY_SCHEMA = 'libs/platform/src/internal-api/internal-api-key-env.schema.ts';
const SERVICES = {
  accounts: [BASE_SCHEMA, ACTOR_TOKEN_SCHEMA, INTERNAL_CLIENTS_SCHEMA, INTERNAL_KEY_SCHEMA, 'apps/accounts/src/config/accounts-env.schema.ts'],
  ingest: [BASE_SCHEMA, INTERNAL_KEY_SCHEMA, 'apps/ingest/src/config/ingest-env.schema.ts'],
  contacts: [BASE_SCHEMA, ACTOR_TOKEN_SCHEMA, INTERNAL_CLIENTS_SCHEMA, 'apps/contacts/src/config/contacts-env.schema.ts'],
  writeback: [BASE_SCHEMA, INTERNAL_KEY_SCHEMA, 'apps/writeback/src/config/writeback-env.schema.ts'],
} as const;
type Service = keyof typeof SERVICES;
const SERVICE_NAMES = Object.keys(SERVICES) as Service[];

interface EnvVariable {
  required: boolean;
  /** Literal default, when the declaration has one (e.g. PORT's). */
  defaultValue?: string;
}

const QUOTES = `'"\``;

/** Index of the quote closing the string literal that starts at `start`. */
function stringEnd(source: string, start: number): number {
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === source[start]) return i;
  }
  throw new Error(`unterminated string at ${start}`);
}

/** Index of the bracket closing the one at `open`, skipping string literals. */
function closing(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i]!;
    if (QUOTES.includes(c)) i = stringEnd(source, i);
    else if ('({['.includes(c)) depth++;
    else if (')}]'.includes(c) && --depth === 0) return i;
  }
  throw new Error(`unbalanced bracket at ${open}`);
}

/** Splits an object literal's body at its top-level commas. */
function entries(body: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (QUOTES.includes(c)) i = stringEnd(body, i);
    else if ('({['.includes(c)) i = closing(body, i);
    else if (c === ',') {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  return [...parts, body.slice(start)].filter((p) => p.trim());
}

/**
 * The variables of a zod env schema, read from its source files in order (a later `.extend` overrides
 * an earlier key, as zod does): the `UPPER_CASE:` keys of every `z.object({...})` / `.extend({...})`;
 * required unless the declaration has `.default(`, `.optional(` or `.nullish(`.
 */
function schemaVariables(files: readonly string[]): Map<string, EnvVariable> {
  const variables = new Map<string, EnvVariable>();
  for (const file of files) {
    const source = read(file).replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const call of source.matchAll(/(?:z\.object|\.extend)\(\s*\{/g)) {
      const open = call.index! + call[0].length - 1;
      for (const entry of entries(source.slice(open + 1, closing(source, open)))) {
        const m = /^\s*([A-Z][A-Z0-9_]*)\s*:\s*([\s\S]*)$/.exec(entry);
        if (!m) continue;
        const declaration = m[2]!;
        variables.set(m[1]!, {
          required: !/\.(default|optional|nullish)\(/.test(declaration),
          defaultValue: /\.default\(\s*['"]?([\w.:/-]*)['"]?\s*\)/.exec(declaration)?.[1],
        });
      }
    }
  }
  return variables;
}

const schemas = Object.fromEntries(SERVICE_NAMES.map((s) => [s, schemaVariables(SERVICES[s])])) as Record<Service, Map<string, EnvVariable>>;

// ---- what the manifests say -------------------------------------------------------------------------

interface KeyRef {
  name: string;
  key: string;
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { configMapKeyRef?: KeyRef; secretKeyRef?: KeyRef };
}
interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
}
interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: { containers: Container[]; terminationGracePeriodSeconds?: number; securityContext?: { runAsNonRoot?: boolean } };
}
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  // Shapes differ per kind; each check narrows what it reads.
  spec?: {
    template?: PodTemplate;
    selector?: Record<string, string> | { matchLabels: Record<string, string> };
    ports?: { name?: string; port: number; targetPort: string | number }[];
    scaleTargetRef?: { apiVersion: string; kind: string; name: string };
    minReplicas?: number;
    maxReplicas?: number;
    metrics?: { type: string; resource?: { name: string } }[];
    minAvailable?: number | string;
    type?: string;
    topicName?: string;
    partitions?: number;
    replicas?: number;
    config?: Record<string, string | number>;
    rules?: { host: string; http: { paths: { path: string; backend: { service: { name: string } } }[] } }[];
  };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

function loadAll(path: string): Manifest[] {
  return parseAllDocuments(read(path)).flatMap((doc) => {
    if (doc.errors.length) throw new Error(`${path}: ${doc.errors[0]!.message}`);
    const value = doc.toJS() as Manifest | null;
    return value ? [value] : [];
  });
}

interface Kustomization {
  namespace?: string;
  resources: string[];
  images?: { name: string; newName?: string; newTag?: string }[];
}
const kustomization = parse(read('k8s/kustomization.yaml')) as Kustomization;
const deployed = kustomization.resources.flatMap((file) => loadAll(`k8s/${file}`));
const topicsKustomization = parse(read('k8s/topics/kustomization.yaml')) as Kustomization;
const kafkaTopics = topicsKustomization.resources.flatMap((file) => loadAll(`k8s/topics/${file}`));
const exampleSecret = loadAll('k8s/secret.example.yaml').find((m) => m.kind === 'Secret')!;

const find = (kind: string, name: string) => deployed.find((m) => m.kind === kind && m.metadata.name === name);
const podOf = (service: string) => find('Deployment', service)!.spec!.template!;
const containerOf = (service: string) => podOf(service).spec.containers[0]!;
const matchLabels = (m: Manifest) => {
  const selector = m.spec!.selector!;
  return ('matchLabels' in selector ? selector.matchLabels : selector) as Record<string, string>;
};
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

/** Every variable a container receives, and where from. */
function containerEnvironment(container: Container) {
  const names = new Map<string, string>();
  const problems: string[] = [];
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      const map = find('ConfigMap', source.configMapRef.name);
      if (!map) problems.push(`envFrom ConfigMap ${source.configMapRef.name} is not deployed`);
      for (const key of Object.keys(map?.data ?? {})) names.set(key, `ConfigMap ${source.configMapRef.name}`);
    }
    if (source.secretRef) {
      for (const key of Object.keys(exampleSecret.stringData ?? {})) names.set(key, `Secret ${source.secretRef.name}`);
    }
  }
  for (const e of container.env ?? []) {
    const cm = e.valueFrom?.configMapKeyRef;
    const secret = e.valueFrom?.secretKeyRef;
    if (cm && !(cm.key in (find('ConfigMap', cm.name)?.data ?? {}))) problems.push(`${e.name}: ConfigMap ${cm.name} has no key ${cm.key}`);
    if (secret && (secret.name !== exampleSecret.metadata.name || !(secret.key in (exampleSecret.stringData ?? {})))) {
      problems.push(`${e.name}: secret.example.yaml has no ${secret.name}/${secret.key}`);
    }
    names.set(e.name, e.value !== undefined ? 'value' : 'valueFrom');
  }
  return { names, problems };
}

/** Variables the schema requires that are not provided, and provided ones it does not know. */
function envMismatches(service: Service, provided: Iterable<string>) {
  const schema = schemas[service];
  const given = new Set(provided);
  return {
    unknown: [...given].filter((name) => !schema.has(name)),
    missing: [...schema].filter(([name, v]) => v.required && !given.has(name)).map(([name]) => name),
  };
}

// ---- docker -----------------------------------------------------------------------------------------

interface Stage {
  from: string;
  name?: string;
  instructions: { op: string; args: string }[];
}

function dockerStages(path: string): Stage[] {
  const lines = read(path)
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  const globalArgs = new Map<string, string>(); // ARGs before the first FROM, usable in FROM lines
  for (const line of lines) {
    const [, op, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    if (op!.toUpperCase() === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(args!)!;
      const from = m[1]!.replace(/\$\{(\w+)\}/g, (_, name: string) => globalArgs.get(name) ?? '');
      stages.push({ from, name: m[2], instructions: [] });
    } else if (stages.length === 0 && op!.toUpperCase() === 'ARG') {
      const [name, value = ''] = args!.split('=');
      globalArgs.set(name!, value);
    } else stages.at(-1)?.instructions.push({ op: op!.toUpperCase(), args: args! });
  }
  return stages;
}

/** A stage's instructions including those inherited from the stages it is built FROM. */
function effective(stages: Stage[], name: string): { op: string; args: string }[] {
  const stage = stages.find((s) => s.name === name);
  if (!stage) return [];
  return [...effective(stages, stage.from), ...stage.instructions];
}

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string };
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
}
const COMPOSE_FILE = 'docker/compose.yaml';
const compose = parse(read(COMPOSE_FILE), { merge: true }) as { services: Record<string, ComposeService> };

// ---- the checks -------------------------------------------------------------------------------------

describe('env schema reader', () => {
  it('reads the schemas the way zod applies them', () => {
    for (const s of SERVICE_NAMES) {
      const schema = schemas[s];
      expect({ s, kafka: schema.get('KAFKA_BROKERS')?.required, mongo: schema.get('MONGODB_URI')?.required }).toEqual({ s, kafka: true, mongo: true });
      // Optional or defaulted in the base schema, and PORT is defaulted by every service.
      for (const name of ['MONGODB_DB', 'LOG_FORMAT', 'KAFKA_CREATE_TOPICS', 'TOPIC_NAMESPACE', 'PORT']) {
        expect({ s, name, required: schema.get(name)?.required }).toEqual({ s, name, required: false });
      }
    }
    expect(schemas.accounts.get('TOKEN_ENCRYPTION_KEYS')?.required).toBe(false); // this or TOKEN_ENCRYPTION_KEYS_FILE (refinement)
    expect(schemas.ingest.get('ACCOUNTS_INTERNAL_URL')?.required).toBe(true);
    expect(schemas.ingest.get('SYNC_INTERVAL_MS')?.required).toBe(false);
    // The acting-user token fragment, merged into accounts' and contacts' schemas only.
    expect(schemas.contacts.get('ACTOR_JWT_ALGORITHM')).toEqual({ required: false, defaultValue: 'HS256' });
    expect(schemas.accounts.get('ACTOR_JWT_SECRET')?.required).toBe(false); // required for HS256 only (refinement)
    expect(schemas.ingest.has('ACTOR_JWT_ALGORITHM')).toBe(false);
  });
});

describe('k8s/', () => {
  it('network policies: ingress denied by default, each service reachable only by its callers', () => {
    type Peer = { podSelector?: { matchLabels?: Record<string, string> }; namespaceSelector?: { matchLabels?: Record<string, string> } };
    type Policy = { podSelector: { matchLabels?: Record<string, string>; matchExpressions?: { values: string[] }[] }; ingress?: { from: Peer[] }[] };
    const policies = deployed.filter((m) => m.kind === 'NetworkPolicy').map((m) => m.spec as unknown as Policy);
    expect(policies.some((p) => Object.keys(p.podSelector).length === 0 && !p.ingress)).toBe(true);
    const selected = (service: string) => policies.filter((p) => p.podSelector.matchLabels?.['app.kubernetes.io/name'] === service || p.podSelector.matchExpressions?.some((e) => e.values.includes(service)));
    /** The services of this namespace a service admits (other namespaces are named by their label). */
    const callers = (service: string) =>
      new Set(selected(service).flatMap((p) => (p.ingress ?? []).flatMap((r) => r.from.filter((f) => !f.namespaceSelector).map((f) => f.podSelector?.matchLabels?.['app.kubernetes.io/name']))));
    for (const service of SERVICE_NAMES) expect({ service, policies: selected(service).length > 0 }).toEqual({ service, policies: true });
    // The paths the internal-API grants allow (libs/testing/src/internal-credentials.ts), nothing more.
    expect(callers('accounts')).toEqual(new Set(['ingest', 'writeback']));
    expect(callers('contacts')).toEqual(new Set(['accounts', 'ingest']));
    expect(callers('ingest')).toEqual(new Set());
    expect(callers('writeback')).toEqual(new Set());
  });

  it('kustomization lists files that exist, never the example Secret, never the emulator', () => {
    for (const file of [...kustomization.resources.map((f) => `k8s/${f}`), ...topicsKustomization.resources.map((f) => `k8s/topics/${f}`)]) {
      expect({ file, exists: existsSync(join(ROOT, file)) }).toEqual({ file, exists: true });
    }
    expect(kustomization.resources).not.toContain('secret.example.yaml');
    expect(deployed.filter((m) => m.kind === 'Secret')).toEqual([]);
    expect(deployed.map((m) => m.metadata.name)).not.toContain('provider-emulator');
    expect(kustomization.resources.map((f) => read(`k8s/${f}`)).join('\n')).not.toMatch(/provider-emulator|:3100\b/);
  });

  it('deploys exactly the four services', () => {
    expect(deployed.filter((m) => m.kind === 'Deployment').map((m) => m.metadata.name).sort()).toEqual([...SERVICE_NAMES].sort());
  });

  describe.each(SERVICE_NAMES)('%s', (service) => {
    const pod = () => podOf(service);
    const container = () => containerOf(service);
    const port = () => container().ports!.find((p) => p.name === 'http')!;
    const probePortOk = (probe?: Probe) => probe?.httpGet?.port === port().name || probe?.httpGet?.port === port().containerPort;

    it('probes: readiness on /health/ready, liveness and startup on /health/live, on the service port', () => {
      const c = container();
      expect(c.readinessProbe?.httpGet?.path).toBe('/health/ready');
      expect(c.livenessProbe?.httpGet?.path).toBe('/health/live');
      expect(c.startupProbe?.httpGet?.path).toBe('/health/live');
      expect([c.readinessProbe, c.livenessProbe, c.startupProbe].map(probePortOk)).toEqual([true, true, true]);
    });

    it('listens where the Service, the PORT variable and the metrics annotation say', () => {
      const env = container().env ?? [];
      const portVariable = env.find((e) => e.name === 'PORT')?.value ?? schemas[service].get('PORT')?.defaultValue;
      expect(Number(portVariable)).toBe(port().containerPort);
      const svc = find('Service', service)!;
      expect(svc).toBeDefined();
      expect(svc.spec!.type ?? 'ClusterIP').toBe('ClusterIP');
      expect(selects(matchLabels(svc), pod().metadata.labels)).toBe(true);
      const servicePort = svc.spec!.ports!.find((p) => p.name === 'http')!;
      expect([port().name, port().containerPort]).toContain(servicePort.targetPort);
      expect(servicePort.port).toBe(port().containerPort);
      expect(pod().metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port().containerPort), 'prometheus.io/path': '/metrics' });
    });

    it('receives every variable its schema requires and none it does not know', () => {
      const { names, problems } = containerEnvironment(container());
      expect(problems).toEqual([]);
      expect(envMismatches(service, names.keys())).toEqual({ unknown: [], missing: [] });
      // Production values: topics come from k8s/topics, real Google endpoints (schema defaults).
      const values = Object.fromEntries(
        (container().envFrom ?? []).flatMap((s) => Object.entries(find('ConfigMap', s.configMapRef?.name ?? '')?.data ?? {})),
      );
      expect(values).toMatchObject({ NODE_ENV: 'production', KAFKA_CREATE_TOPICS: 'false' });
      const productionGoogle = [GOOGLE_PRODUCTION_ENDPOINTS.apiRootUrl, GOOGLE_PRODUCTION_ENDPOINTS.authUrl, GOOGLE_PRODUCTION_ENDPOINTS.tokenUrl];
      for (const [name, value] of Object.entries(values)) if (name.startsWith('GOOGLE_') && name.endsWith('_URL')) expect(productionGoogle).toContain(value);
    });

    it('runs non-root on a read-only root filesystem, with requests, limits and time to shut down', () => {
      expect(pod().spec.securityContext?.runAsNonRoot).toBe(true);
      expect(container().securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
      expect(container().resources?.requests).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
      expect(container().resources?.limits).toEqual(expect.objectContaining({ memory: expect.any(String) }));
      // Time for consumers to finish their chunk, commit and leave the group before the kill.
      expect(pod().spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
    });

    it('has an HPA (autoscaling/v2, CPU) and a PDB that cannot block node drains', () => {
      const hpa = deployed.find((m) => m.kind === 'HorizontalPodAutoscaler' && m.spec?.scaleTargetRef?.name === service);
      expect(hpa?.apiVersion).toBe('autoscaling/v2');
      expect(hpa!.spec!.scaleTargetRef).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment' });
      expect(hpa!.spec!.metrics!.map((m) => m.resource?.name)).toContain('cpu');
      // minAvailable 1 with a single replica would forbid every voluntary eviction.
      expect(hpa!.spec!.minReplicas).toBeGreaterThanOrEqual(2);
      const pdb = deployed.find((m) => m.kind === 'PodDisruptionBudget' && selects(matchLabels(m), pod().metadata.labels));
      expect(pdb?.apiVersion).toBe('policy/v1');
      expect(pdb!.spec!.minAvailable).toBe(1);
    });

    it('runs the image built from its Dockerfile target', () => {
      const image = container().image.split(':')[0]!;
      expect(image).toBe(`contact-sync/${service}`);
      expect(kustomization.images?.map((i) => i.name)).toContain(image);
      expect(dockerStages('docker/service.Dockerfile').map((s) => s.name)).toContain(service);
    });
  });

  it('accounts and contacts verify acting-user tokens alike, with the key their algorithm needs', () => {
    const actorSettings = (service: Service) => {
      const { names } = containerEnvironment(containerOf(service));
      const values = Object.fromEntries(
        (containerOf(service).envFrom ?? []).flatMap((s) => Object.entries(find('ConfigMap', s.configMapRef?.name ?? '')?.data ?? {})),
      );
      const algorithm = values['ACTOR_JWT_ALGORITHM'] ?? schemas[service].get('ACTOR_JWT_ALGORITHM')?.defaultValue;
      const key = algorithm === 'RS256' ? 'ACTOR_JWT_PUBLIC_KEY' : 'ACTOR_JWT_SECRET';
      const actorValues = Object.fromEntries(Object.entries(values).filter(([name]) => name.startsWith('ACTOR_JWT_')));
      return { algorithm, key, hasKey: names.has(key), source: names.get(key), actorValues };
    };
    const accounts = actorSettings('accounts');
    expect(accounts.hasKey).toBe(true);
    expect(actorSettings('contacts')).toEqual(accounts);
  });

  it('routes from outside only to accounts, only the OAuth callback, on PUBLIC_URL', () => {
    const ingresses = deployed.filter((m) => m.kind === 'Ingress');
    const routes = ingresses.flatMap((i) => i.spec!.rules!.flatMap((r) => r.http.paths.map((p) => ({ host: r.host, path: p.path, service: p.backend.service.name }))));
    const publicUrl = new URL(find('ConfigMap', 'contact-sync-accounts')!.data!.PUBLIC_URL!);
    expect(routes).toEqual([{ host: publicUrl.host, path: '/oauth/callback', service: 'accounts' }]);
  });

  it('defines every topic of libs/events/src/topics.ts, same name, at least as many partitions', () => {
    const defined = kafkaTopics.filter((m) => m.kind === 'KafkaTopic');
    expect(defined.every((t) => t.apiVersion === 'kafka.strimzi.io/v1beta2' && t.metadata.labels?.['strimzi.io/cluster'])).toBe(true);
    const byName = new Map(defined.map((t) => [t.spec!.topicName ?? t.metadata.name, t.spec!]));
    expect([...byName.keys()].sort()).toEqual(Object.values(TOPICS).map((t) => t.name).sort());
    for (const t of Object.values(TOPICS)) {
      const spec = byName.get(t.name)!;
      expect({ topic: t.name, enough: spec.partitions! >= t.partitions }).toEqual({ topic: t.name, enough: true });
      // Producers use acks=-1: one broker may fail without blocking or losing writes.
      expect(Number(spec.config!['min.insync.replicas'])).toBeLessThan(spec.replicas!);
    }
    const retention = (name: string) => Number(byName.get(name)!.config!['retention.ms']);
    for (const t of Object.values(TOPICS)) if (t !== TOPICS.deadLetter) expect(retention(TOPICS.deadLetter.name)).toBeGreaterThan(retention(t.name));
  });

  it('never scales a consumer beyond the partitions it reads', () => {
    const partitions = (name: string) => kafkaTopics.find((t) => (t.spec!.topicName ?? t.metadata.name) === name)!.spec!.partitions!;
    const maxReplicas = (service: string) => deployed.find((m) => m.kind === 'HorizontalPodAutoscaler' && m.spec?.scaleTargetRef?.name === service)!.spec!.maxReplicas!;
    expect(maxReplicas('contacts')).toBeLessThanOrEqual(partitions(TOPICS.providerContactChanges.name));
    expect(maxReplicas('writeback')).toBeLessThanOrEqual(partitions(TOPICS.crmPersonChanges.name));
    expect(maxReplicas('accounts')).toBeLessThanOrEqual(partitions(TOPICS.syncRunSummaries.name));
  });
});

describe('docker/', () => {
  const built = Object.entries(compose.services).filter(([, s]) => s.build);

  it('builds every service, emulator included, from a Dockerfile and target that exist', () => {
    expect(built.map(([name]) => name).sort()).toEqual([...SERVICE_NAMES, 'provider-emulator'].sort());
    for (const [name, s] of built) {
      const dockerfile = join(dirname(COMPOSE_FILE), s.build!.context, s.build!.dockerfile);
      expect({ name, dockerfile, exists: existsSync(join(ROOT, dockerfile)) }).toEqual({ name, dockerfile, exists: true });
      const stages = dockerStages(dockerfile);
      expect(stages.map((st) => st.name)).toContain(s.build!.target);
      // The target runs the service's own built entry point, on the port compose gives it.
      const cmd = effective(stages, s.build!.target!).filter((i) => i.op === 'CMD').at(-1)!;
      expect(JSON.parse(cmd.args)).toEqual(['node', `dist/apps/${name}/src/main.js`]);
      expect(existsSync(join(ROOT, `apps/${name}/src/main.ts`))).toBe(true);
      const envPort = effective(stages, s.build!.target!).filter((i) => i.op === 'ENV' && /\bPORT=/.test(i.args)).at(-1);
      expect(Number(/\bPORT=(\d+)/.exec(envPort!.args)![1])).toBe(Number(s.environment!.PORT));
    }
  });

  it('runtime image: node:20-slim, production, non-root, health check on /health/live', () => {
    const stages = dockerStages('docker/service.Dockerfile');
    for (const service of SERVICE_NAMES) {
      const chain = effective(stages, service);
      let base = service as string;
      while (stages.some((s) => s.name === base)) base = stages.find((s) => s.name === base)!.from;
      expect(base).toBe('node:20-slim');
      expect(chain.some((i) => i.op === 'ENV' && /\bNODE_ENV=production\b/.test(i.args))).toBe(true);
      const user = chain.filter((i) => i.op === 'USER').at(-1)?.args ?? 'root';
      expect(user).toMatch(/^[1-9]\d*(:\d+)?$/); // numeric, so runAsNonRoot can verify it
      expect(chain.filter((i) => i.op === 'HEALTHCHECK').at(-1)?.args).toMatch(/\/health\/live/);
      // Only the build output and production dependencies reach the runtime image.
      const copies = chain.filter((i) => i.op === 'COPY').map((i) => i.args);
      expect(copies.every((c) => /^--from=\S+\s+\/app\/(dist|node_modules)\b/.test(c))).toBe(true);
      // Its own app only, from the stage that dropped the emulator, test helpers and benchmarks.
      const apps = copies.filter((c) => /\/app\/dist\/apps\b/.test(c));
      expect(apps).toEqual([`--from=dist-prod /app/dist/apps/${service} ./dist/apps/${service}`]);
      expect(copies.filter((c) => /\/app\/dist\b/.test(c)).every((c) => c.startsWith('--from=dist-prod '))).toBe(true);
    }
    const pruned = stages.find((s) => s.name === 'dist-prod')!.instructions.filter((i) => i.op === 'RUN').map((i) => i.args).join(' ');
    for (const dropped of ['dist/apps/provider-emulator', 'dist/libs/testing', 'dist/bench']) expect(pruned).toContain(dropped);
  });

  it('compose gives each service the variables its schema requires and none it does not know', () => {
    for (const service of SERVICE_NAMES) {
      const env = compose.services[service]!.environment ?? {};
      expect({ service, ...envMismatches(service, Object.keys(env)) }).toEqual({ service, unknown: [], missing: [] });
      expect(compose.services[service]!.depends_on).toMatchObject({ kafka: { condition: 'service_healthy' }, mongo: { condition: 'service_healthy' } });
    }
  });

  it('compose uses the official images and points Google at the emulator', () => {
    expect(compose.services.kafka!.image).toMatch(/^apache\/kafka:3\.9\.\d+$/);
    expect(compose.services.mongo!.image).toBe('mongo:7');
    // Server-to-server calls go to the emulator's container; the consent page opens in the host's browser.
    const inNetwork = googleEmulatorEndpoints('http://provider-emulator:3100');
    const fromBrowser = googleEmulatorEndpoints('http://localhost:3100');
    expect(compose.services.accounts!.environment).toMatchObject({
      GOOGLE_API_ROOT_URL: inNetwork.apiRootUrl,
      GOOGLE_TOKEN_URL: inNetwork.tokenUrl,
      GOOGLE_AUTH_URL: fromBrowser.authUrl,
      GOOGLE_CLIENT_ID: compose.services['provider-emulator']!.environment!.GOOGLE_CLIENT_ID,
      GOOGLE_CLIENT_SECRET: compose.services['provider-emulator']!.environment!.GOOGLE_CLIENT_SECRET,
    });
    expect(compose.services.ingest!.environment).toMatchObject({ GOOGLE_API_ROOT_URL: inNetwork.apiRootUrl, ACCOUNTS_INTERNAL_URL: 'http://accounts:3001' });
  });
});
