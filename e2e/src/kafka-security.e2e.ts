import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { explainKafkaStartError, kafkaSecurityFromEnv } from '@contact-sync/platform';
import {
  CrmUser, DirectoryAdmin, eventually, freePort, InfraInstance, KafkaProbe, newInternalKey, ServiceProcess, startLocalStack, WORKSPACE_ROOT, type LocalStack,
} from '@contact-sync/testing';
import { GoogleScenario } from './scenarios/google-scenario';

/**
 * The services against a broker reached as in production: TLS (a test CA) and SASL/SCRAM-SHA-512.
 * The broker is an InfraInstance of its own (a broker alone, INFRA_KAFKA_SECURITY=sasl_ssl); the
 * database is the shared one. The rest of the suite runs on the plaintext broker, with the same code.
 */
jest.setTimeout(300_000);

describe('Kafka over TLS with SASL', () => {
  let broker: InfraInstance;
  let stack: LocalStack | undefined;
  let probe: KafkaProbe | undefined;

  beforeAll(async () => {
    broker = await InfraInstance.start(`ksec${randomUUID().slice(0, 6)}`, { kafkaOnly: true, kafkaSecurity: 'sasl_ssl' });
  });

  afterAll(async () => {
    await probe?.close();
    await stack?.stop();
    if (broker) {
      if (stack) await broker.keepLogs(join(WORKSPACE_ROOT, '.cache/logs', stack.namespace, 'infra'));
      await broker.destroy();
    }
  });

  it('the broker takes TLS + SCRAM-SHA-512 clients and refuses plaintext ones', () => {
    expect(broker.env.kafkaClientEnv).toMatchObject({
      KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: expect.stringMatching(/ca\.pem$/), KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'contact-sync',
    });
    return expect(describeCluster({})).rejects.toThrow();
  });

  it('SCRAM-SHA-256 and PLAIN over TLS are accepted too, with the same user', async () => {
    for (const mechanism of ['scram-sha-256', 'plain']) {
      expect(await describeCluster({ ...broker.env.kafkaClientEnv, KAFKA_SASL_MECHANISM: mechanism })).toBe(1);
    }
  });

  it('a Google one-way sync runs end to end: every service produces and consumes over TLS + SCRAM', async () => {
    stack = await startLocalStack({ infra: broker.env });
    const scenario = new GoogleScenario(stack.emulatorUrl);
    const user = new CrmUser(`u-${randomUUID().slice(0, 8)}`, `co-${randomUUID().slice(0, 8)}`, { accounts: stack.accountsUrl, contacts: stack.contactsUrl }, stack.actorJwtSecret);
    const directory = new DirectoryAdmin(stack.contactsUrl, stack.internalApiToken);
    await directory.company(user.companyId, 'professional');
    await directory.user(user.companyId, user.userId, { roleId: null, globalAdmin: false, permissions: { addPeople: true, addOrganizations: true } });
    const groups = await scenario.setup();

    const account = await user.connect('google', scenario.email);
    await user.expectOk(user.accounts('PUT', `/accounts/${account.id}/sync-config`, { groupId: groups.clients, direction: 'one_way', visibility: 'owner_only' }));
    await user.expectOk(user.accounts('POST', `/accounts/${account.id}/sync/start`), 202);

    // accounts → account-lifecycle → ingest; ingest → provider-contact-changes → contacts.
    // Waited for whole: contacts applies the pass in chunks, so the named ones may come before the rest.
    await eventually(async () => {
      const all = await user.allPersons();
      expect(all.map((p) => p.name)).toEqual(expect.arrayContaining(['Rear Adm. Grace1 Brewster Hopper PhD', 'Zoë 🦄 Łukasiewicz-渡辺', 'Stays Simple']));
      expect(all.length).toBeGreaterThanOrEqual(10);
    });

    // ingest → sync-run-summaries → accounts, read back over TLS + SCRAM by a client of our own.
    probe = new KafkaProbe(stack.infra.kafkaBrokers, stack.namespace, stack.infra.kafkaClientEnv);
    const summaries = await probe.readUntil('syncRunSummaries', (messages) => messages.length > 0);
    expect(summaries.length).toBeGreaterThan(0);
    await probe.untilConsumed('providerContactChanges');
    await probe.untilConsumed('syncRunSummaries');
  });

  it('a wrong password stops a service at start with a message naming the settings', async () => {
    const service = await serviceWith({ KAFKA_SASL_PASSWORD: 'not-the-password' });
    const started = service.start(60_000);
    await expect(started).rejects.toThrow(/exited \(1\) during start/);
    expect(service.logTail()).toMatch(/Kafka at 127\.0\.0\.1:\d+ refused the credentials \(KAFKA_SASL_MECHANISM=scram-sha-512, KAFKA_SASL_USERNAME=contact-sync; check KAFKA_SASL_PASSWORD/);
    expect(service.logTail()).not.toContain('not-the-password');
  });

  it('a broker certificate the CA settings do not trust is told as such, naming KAFKA_SSL_CA_FILE', async () => {
    // No CA file: Node's trusted CAs, which never signed the test CA. kafkajs retries connection
    // errors (a service would take a minute to give up), so this checks the client error directly.
    const untrusted = { ...broker.env.kafkaClientEnv, KAFKA_SSL_CA_FILE: '' };
    const failure = await describeCluster(untrusted).then(() => null, (err: unknown) => err);
    expect(failure).not.toBeNull();
    const told = explainKafkaStartError(failure, { KAFKA_BROKERS: [broker.env.kafkaBrokers], KAFKA_SSL: true }) as Error;
    expect(told.message).toMatch(/the broker's TLS certificate is not trusted \(KAFKA_SSL_CA_FILE=\(unset: system CAs\)\): .*certificate/);
  });

  /** kafkajs admin round trip with these client settings: the number of brokers. */
  async function describeCluster(clientEnv: Record<string, string>): Promise<number> {
    const admin = new Kafka({
      ...kafkaSecurityFromEnv(clientEnv), clientId: 'security-e2e', brokers: [broker.env.kafkaBrokers], logLevel: logLevel.NOTHING,
      connectionTimeout: 3000, requestTimeout: 5000, retry: { retries: 0 },
    }).admin();
    try {
      await admin.connect();
      return (await admin.describeCluster()).brokers.length;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** writeback (the smallest configuration) on the secured broker, with some settings overridden. */
  async function serviceWith(overrides: Record<string, string>): Promise<ServiceProcess> {
    const namespace = `ksec${randomUUID().slice(0, 6)}`;
    const env = {
      KAFKA_BROKERS: broker.env.kafkaBrokers,
      ...broker.env.kafkaClientEnv,
      ...overrides,
      MONGODB_URI: broker.env.mongoUri,
      MONGODB_DB: `${namespace}_writeback`,
      TOPIC_NAMESPACE: namespace,
      ACCOUNTS_INTERNAL_URL: 'http://127.0.0.1:9',
      INTERNAL_API_KEY: newInternalKey('writeback'),
      LOG_FORMAT: 'json',
    };
    return new ServiceProcess('writeback', await freePort(), env, join(WORKSPACE_ROOT, '.cache/logs', namespace, 'writeback.log'));
  }
});
