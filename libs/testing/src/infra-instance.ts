import { execFile } from 'node:child_process';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join, sep } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';
import type { InfraEnv } from './infra-env';
import { WORKSPACE_ROOT } from './service-process';

const run = promisify(execFile);
const SCRIPT = join(WORKSPACE_ROOT, 'tools/infra/infra.sh');

/** kafka; mongo = FerretDB and its PostgreSQL; postgres = PostgreSQL alone (FerretDB keeps running). */
export type InfraComponent = 'kafka' | 'mongo' | 'postgres';

/**
 * A separate broker and database (tools/infra/infra.sh with INFRA_INSTANCE) for tests that stop
 * them: the shared instance other suites use is never touched. Downloads and builds are shared.
 */
export class InfraInstance {
  private constructor(
    readonly name: string,
    private readonly ports: Record<'kafka' | 'controller' | 'mongo' | 'pg', number>,
  ) {}

  static async start(name = `f${randomBytes(3).toString('hex')}`): Promise<InfraInstance> {
    const instance = new InfraInstance(name, { kafka: await freePort(), controller: await freePort(), mongo: await freePort(), pg: await freePort() });
    await instance.script(['up'], 300_000);
    return instance;
  }

  get env(): InfraEnv {
    return { kafkaBrokers: `127.0.0.1:${this.ports.kafka}`, mongoUri: `mongodb://127.0.0.1:${this.ports.mongo}/` };
  }

  stopComponent(component: InfraComponent): Promise<void> {
    return this.script(['stop', component], 120_000);
  }

  startComponent(component: InfraComponent): Promise<void> {
    return this.script(['start', component], 180_000);
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
  destroy(): Promise<void> {
    return this.script(['reset'], 120_000);
  }

  private async script(args: string[], timeout: number): Promise<void> {
    // The shared instance's addresses must not leak in: the script would take them as external.
    const { KAFKA_BROKERS: _k, MONGODB_URI: _m, ...rest } = process.env;
    try {
      await run('bash', [SCRIPT, ...args], {
        timeout,
        killSignal: 'SIGKILL',
        env: {
          ...rest,
          INFRA_INSTANCE: this.name,
          INFRA_KAFKA_PORT: String(this.ports.kafka),
          INFRA_KAFKA_CONTROLLER_PORT: String(this.ports.controller),
          INFRA_MONGO_PORT: String(this.ports.mongo),
          INFRA_PG_PORT: String(this.ports.pg),
        },
      });
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`infra.sh ${args.join(' ')} (instance ${this.name}) failed: ${e.message}\n${(e.stderr ?? '').slice(-2000)}`);
    }
  }
}
