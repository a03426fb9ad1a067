import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { InfraInstance } from './infra-instance';

/** Resolves whether something accepts TCP connections on the address (host:port). */
const listening = (address: string) =>
  new Promise<boolean>((resolve) => {
    const [host, port] = address.replace('mongodb://', '').replace(/\/$/, '').split(':');
    const socket = createConnection({ host, port: Number(port) });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

jest.setTimeout(300_000);

/** The separate instance the fault suite stops and starts; the shared one must stay up throughout. */
describe('InfraInstance', () => {
  let instance: InfraInstance | undefined;
  afterAll(async () => {
    await instance?.destroy();
  });

  it('starts its own broker and database, stops and restarts one component, and leaves the shared ones alone', async () => {
    instance = await InfraInstance.start();
    const { kafkaBrokers, mongoUri } = instance.env;
    expect(kafkaBrokers).not.toBe(process.env.KAFKA_BROKERS);
    expect(await listening(kafkaBrokers)).toBe(true);
    expect(await listening(mongoUri)).toBe(true);

    await instance.stopComponent('kafka');
    expect(await listening(kafkaBrokers)).toBe(false);
    expect(await listening(mongoUri)).toBe(true);
    if (process.env.KAFKA_BROKERS) expect(await listening(process.env.KAFKA_BROKERS)).toBe(true);
    await instance.startComponent('kafka');
    expect(await listening(kafkaBrokers)).toBe(true);

    await instance.stopComponent('mongo');
    expect(await listening(mongoUri)).toBe(false);
    if (process.env.MONGODB_URI) expect(await listening(process.env.MONGODB_URI)).toBe(true);
    await instance.startComponent('mongo');
    expect(await listening(mongoUri)).toBe(true);

    // Its server logs survive it, for a failed fault test to be read afterwards; its data does not travel.
    const kept = await mkdtemp(join(tmpdir(), 'infra-logs-'));
    await instance.keepLogs(kept);
    const files = await readdir(kept, { recursive: true });
    expect(files.filter((f) => f.endsWith('.log'))).toEqual(expect.arrayContaining(['kafka.log', 'ferretdb.log', join('pg', 'postgres.log')]));
    expect(files.every((f) => f.endsWith('.log') || !f.includes('.'))).toBe(true);
    expect(files.filter((f) => f.split(sep).includes('data'))).toEqual([]); // Kafka's segments are `*.log` too
    await rm(kept, { recursive: true, force: true });
  });
});
