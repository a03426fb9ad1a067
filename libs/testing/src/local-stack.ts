import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port';
import { writeLocalInternalCredentials, type LocalInternalCredentials } from './internal-credentials';
import { requireInfraEnv, type InfraEnv } from './infra-env';
import { ServiceProcess, WORKSPACE_ROOT, type ServiceName } from './service-process';

export interface LocalStackOptions {
  /** Isolates topics, consumer groups and databases; random by default. */
  namespace?: string;
  /** Fixed ports (npm start); free ones by default. */
  ports?: Partial<Record<ServiceName, number>>;
  /** Extra environment per service (overrides the generated values, ACTOR_JWT_SECRET included; an empty string removes one). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  logDir?: string;
  /** Seed the emulator's demo account (npm start). */
  seedDemo?: boolean;
  /** Another broker and database than KAFKA_BROKERS/MONGODB_URI (an InfraInstance for fault tests). */
  infra?: InfraEnv;
}

export interface LocalStack {
  namespace: string;
  services: Record<ServiceName, ServiceProcess>;
  emulatorUrl: string;
  accountsUrl: string;
  contactsUrl: string;
  /** HS256 secret accounts and contacts verify acting-user tokens with (signActorToken, CrmUser). */
  actorJwtSecret: string;
  /** The CRM core's internal-API credential, for contacts' directory API (DirectoryAdmin). */
  internalApiToken: string;
  /** Every caller's internal-API credential and the files the services read them from. */
  internal: LocalInternalCredentials;
  /** The file accounts reads its token-encryption keys from (re-read when it changes: rotation tests rewrite it). */
  tokenKeysFile: string;
  /** The broker and database the services use. */
  infra: InfraEnv;
  stop(): Promise<void>;
}

const ORDER: ServiceName[] = ['provider-emulator', 'accounts', 'ingest', 'contacts', 'writeback'];

/** Emulator client credentials (apps/provider-emulator defaults). */
export const EMULATOR_GOOGLE_CLIENT = { id: 'contact-sync-local', secret: 'contact-sync-local-secret' };
export const EMULATOR_MICROSOFT_CLIENT = { id: 'contact-sync-local', secret: 'contact-sync-local-secret' };

/**
 * Starts the emulator and the four services as separate processes wired to the real local Kafka
 * and MongoDB: what `npm start` runs, and what the end-to-end tests and benchmarks drive.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const infra = options.infra ?? requireInfraEnv();
  const namespace = options.namespace ?? `t${randomBytes(4).toString('hex')}`;
  const port = async (name: ServiceName) => options.ports?.[name] ?? (await freePort());
  const ports = Object.fromEntries(await Promise.all(ORDER.map(async (n) => [n, await port(n)] as const))) as Record<ServiceName, number>;
  const url = (n: ServiceName) => `http://127.0.0.1:${ports[n]}`;
  const actorJwtSecret = randomBytes(32).toString('base64url');
  const emulator = url('provider-emulator');
  const logDir = options.logDir ?? join(WORKSPACE_ROOT, '.cache/logs', namespace);
  // A file, as in production (k8s/accounts.yaml), so every run exercises the reloading key source.
  mkdirSync(logDir, { recursive: true });
  const tokenKeysFile = join(logDir, 'token-encryption-keys');
  writeFileSync(tokenKeysFile, `local:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  const internal = writeLocalInternalCredentials(logDir);

  const common = {
    KAFKA_BROKERS: infra.kafkaBrokers,
    ...infra.kafkaClientEnv,
    MONGODB_URI: infra.mongoUri,
    TOPIC_NAMESPACE: namespace === 'default' ? '' : namespace,
    LOG_FORMAT: 'json',
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
  };
  const db = (service: string) => ({ MONGODB_DB: `${namespace}_${service}` });
  // Suites and benchmarks refresh and pull far more than a person would: the abuse limits and
  // provider budgets are out of their way here (e2e/src/limits/ sets small ones through options.env).
  const userLimits = { USER_LIMIT_CONNECT: '100000', USER_LIMIT_REFRESH: '100000', USER_LIMIT_FULL_RESYNC: '100000' };
  const providerBudget = { PROVIDER_BUDGET_REQUESTS: '1000000' };
  const env: Record<ServiceName, Record<string, string>> = {
    'provider-emulator': {
      EMULATOR_SEED_DEMO: options.seedDemo ? 'true' : 'false',
      GOOGLE_CLIENT_ID: EMULATOR_GOOGLE_CLIENT.id,
      GOOGLE_CLIENT_SECRET: EMULATOR_GOOGLE_CLIENT.secret,
      MICROSOFT_CLIENT_ID: EMULATOR_MICROSOFT_CLIENT.id,
      MICROSOFT_CLIENT_SECRET: EMULATOR_MICROSOFT_CLIENT.secret,
    },
    accounts: {
      ...common,
      ...db('accounts'),
      PUBLIC_URL: url('accounts'),
      TOKEN_ENCRYPTION_KEYS_FILE: tokenKeysFile,
      OAUTH_STATE_SECRET: randomBytes(32).toString('base64url'),
      INTERNAL_API_CLIENTS_FILE: internal.files.clients.accounts,
      INTERNAL_API_KEY_FILE: internal.files.keys.accounts,
      CONTACTS_INTERNAL_URL: url('contacts'),
      ACTOR_JWT_SECRET: actorJwtSecret,
      GOOGLE_CLIENT_ID: EMULATOR_GOOGLE_CLIENT.id,
      GOOGLE_CLIENT_SECRET: EMULATOR_GOOGLE_CLIENT.secret,
      GOOGLE_API_ROOT_URL: `${emulator}/`,
      GOOGLE_AUTH_URL: `${emulator}/o/oauth2/v2/auth`,
      GOOGLE_TOKEN_URL: `${emulator}/token`,
      MICROSOFT_CLIENT_ID: EMULATOR_MICROSOFT_CLIENT.id,
      MICROSOFT_CLIENT_SECRET: EMULATOR_MICROSOFT_CLIENT.secret,
      MICROSOFT_GRAPH_BASE_URL: emulator,
      MICROSOFT_AUTHORITY_URL: `${emulator}/common`,
      ...userLimits,
    },
    ingest: {
      ...common,
      ...db('ingest'),
      ACCOUNTS_INTERNAL_URL: url('accounts'),
      CONTACTS_INTERNAL_URL: url('contacts'),
      INTERNAL_API_KEY_FILE: internal.files.keys.ingest,
      GOOGLE_API_ROOT_URL: `${emulator}/`,
      MICROSOFT_GRAPH_BASE_URL: emulator,
      SCHEDULER_TICK_MS: '200',
      ...providerBudget,
    },
    contacts: { ...common, ...db('contacts'), INTERNAL_API_CLIENTS_FILE: internal.files.clients.contacts, ACTOR_JWT_SECRET: actorJwtSecret },
    writeback: {
      ...common,
      ...db('writeback'),
      ACCOUNTS_INTERNAL_URL: url('accounts'),
      INTERNAL_API_KEY_FILE: internal.files.keys.writeback,
      GOOGLE_API_ROOT_URL: `${emulator}/`,
      MICROSOFT_GRAPH_BASE_URL: emulator,
      ...providerBudget,
    },
  };
  const effectiveEnv = (n: ServiceName): Record<string, string> =>
    Object.fromEntries(Object.entries({ ...env[n], ...(options.env?.[n] ?? {}) }).filter(([, value]) => value !== ''));
  const services = Object.fromEntries(
    ORDER.map((n) => [n, new ServiceProcess(n, ports[n], effectiveEnv(n), join(logDir, `${n}.log`))]),
  ) as Record<ServiceName, ServiceProcess>;

  const stop = async () => {
    await Promise.all(ORDER.map((n) => services[n].stop()));
  };
  try {
    // The emulator first: nothing else depends on it at start, but the first sync will.
    await services['provider-emulator'].start();
    await Promise.all(ORDER.slice(1).map((n) => services[n].start()));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    namespace,
    services,
    emulatorUrl: emulator,
    accountsUrl: url('accounts'),
    contactsUrl: url('contacts'),
    // What the services actually run with, should options.env override the generated values.
    actorJwtSecret: effectiveEnv('contacts')['ACTOR_JWT_SECRET'] ?? actorJwtSecret,
    internalApiToken: internal.keys['crm-core'],
    internal,
    tokenKeysFile,
    infra,
    stop,
  };
}
