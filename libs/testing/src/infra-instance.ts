import { execFile } from 'node:child_process';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join, sep } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';
import { kafkaClientEnvOf, requireInfraEnv, type InfraEnv } from './infra-env';
import { WORKSPACE_ROOT } from './service-process';

const run = promisify(execFile);
const SCRIPT = join(WORKSPACE_ROOT, 'tools/infra/infra.sh');

/** kafka; mongo = FerretDB and its PostgreSQL; postgres = PostgreSQL alone (FerretDB keeps running). */
export type InfraComponent = 'kafka' | 'mongo' | 'postgres';

export interface InfraInstanceOptions {
  /**
   * A broker alone (INFRA_KAFKA_ONLY): the instance's `env` then names the shared database
   * (MONGODB_URI), which is neither started nor stopped here. Starts in seconds instead of a minute.
   */
  kafkaOnly?: boolean;
  /** `sasl_ssl`: the broker takes TLS + SASL only (SCRAM-SHA-512/256, PLAIN; test CA and users made at start). */
  kafkaSecurity?: 'plaintext' | 'sasl_ssl';
}

/**
 * A separate broker and database (tools/infra/infra.sh with INFRA_INSTANCE) for tests that stop
 * them: the shared instance other suites use is never touched. Downloads and builds are shared.
 */
export class InfraInstance {
  /** What `infra.sh env` printed: the broker's address and, when secured, the clients' settings. */
  private printed: Record<string, string> = {};

  private constructor(
    readonly name: string,
    private readonly ports: Record<'kafka' | 'controller' | 'mongo' | 'pg', number>,
    private readonly options: InfraInstanceOptions,
  ) {}

  static async start(name = `f${randomBytes(3).toString('hex')}`, options: InfraInstanceOptions = {}): Promise<InfraInstance> {
    const instance = new InfraInstance(name, { kafka: await freePort(), controller: await freePort(), mongo: await freePort(), pg: await freePort() }, options);
    await instance.script(['up'], 300_000);
    instance.printed = parseExports(await instance.script(['env'], 30_000));
    return instance;
  }

  get env(): InfraEnv {
    return {
      kafkaBrokers: `127.0.0.1:${this.ports.kafka}`,
      mongoUri: this.options.kafkaOnly ? requireInfraEnv().mongoUri : `mongodb://127.0.0.1:${this.ports.mongo}/`,
      kafkaClientEnv: kafkaClientEnvOf(this.printed),
    };
  }

  async stopComponent(component: InfraComponent): Promise<void> {
    await this.script(['stop', component], 120_000);
  }

  async startComponent(component: InfraComponent): Promise<void> {
    await this.script(['start', component], 180_000);
  }

  /**
   * Copies the instance's server logs (Kafka, FerretDB, PostgreSQL: the `*.log` files of its directory, not of its data)
   * to `dir`, before destroy() wipes them: a fault test that failed can then be read afterwards.
   */
  async keepLogs(dir: string): Promise<void> {
    const from = join(WORKSPACE_ROOT, '.cache/infra/instances', this.name);
    // Not the data directories: Kafka's partition segments are `*.log` files too.
    const logs = (await readdir(from, { recursive: true }).catch(() => [] as string[])).filter((f) => f.endsWith('.log') && !f.split(sep).includes('data'));
    for (const log of logs) {
      await mkdir(dirname(join(dir, log)), { recursive: true });
      await copyFile(join(from, log), join(dir, log)).catch(() => undefined);
    }
  }

  /** Stops everything and wipes the instance's data (its directory goes too). */
  async destroy(): Promise<void> {
    await this.script(['reset'], 120_000);
  }

  /** Runs infra.sh on this instance; resolves to what it printed on stdout. */
  private async script(args: string[], timeout: number): Promise<string> {
    // The shared instance's addresses must not leak in: the script would take them as external.
    const { KAFKA_BROKERS: _k, MONGODB_URI: _m, ...rest } = process.env;
    try {
      const { stdout } = await run('bash', [SCRIPT, ...args], {
        timeout,
        killSignal: 'SIGKILL',
        env: {
          ...rest,
          INFRA_INSTANCE: this.name,
          INFRA_KAFKA_PORT: String(this.ports.kafka),
          INFRA_KAFKA_CONTROLLER_PORT: String(this.ports.controller),
          INFRA_MONGO_PORT: String(this.ports.mongo),
          INFRA_PG_PORT: String(this.ports.pg),
          INFRA_KAFKA_ONLY: this.options.kafkaOnly ? '1' : '',
          INFRA_KAFKA_SECURITY: this.options.kafkaSecurity ?? 'plaintext',
        },
      });
      return stdout;
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`infra.sh ${args.join(' ')} (instance ${this.name}) failed: ${e.message}\n${(e.stderr ?? '').slice(-2000)}`);
    }
  }
}

/** `export NAME=value` lines (infra.sh env) as a record. */
function parseExports(stdout: string): Record<string, string> {
  const entries = stdout.split('\n').map((line) => /^export ([A-Z0-9_]+)=(.*)$/.exec(line.trim())).filter((m): m is RegExpExecArray => m !== null);
  return Object.fromEntries(entries.map((m) => [m[1], m[2]]));
}
