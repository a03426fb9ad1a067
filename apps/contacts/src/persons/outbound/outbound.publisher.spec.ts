import mongoose from 'mongoose';
import type { EventPublisher } from '@contact-sync/platform';
import type { LinkRepository } from '../../links/link.repository';
import type { SyncConfigRepository } from '../../syncs/sync-config.repository';
import type { PersonRepository } from '../person.repository';
import { Person, PersonSchema, type PersonDocument } from '../person.schema';
import { OutboundPublisher } from './outbound.publisher';

/** The outbox's publishing half, with the repositories faked (no database). */
describe('OutboundPublisher', () => {
  const Model = mongoose.createConnection().model(Person.name, PersonSchema);
  const person = (version: number) =>
    new Model({ companyId: 'co-1', ownerUserId: 'u1', visibility: 'owner_only', name: 'Ada Lovelace', firstName: 'Ada', lastName: 'Lovelace', jobTitle: `v${version}`, sourceAccountId: null, origin: 'crm', deletedAt: null, outbound: { accountId: 'acc-1', version, pendingAt: new Date(), changedAt: new Date() } }) as unknown as PersonDocument;

  const setup = (stored: PersonDocument | null) => {
    const persons = { findById: jest.fn(async () => stored), outboundPublished: jest.fn(async () => true) };
    const links = { findByPerson: jest.fn(async () => null) };
    const configs = { twoWaySync: jest.fn(async () => ({ accountId: 'acc-1', provider: 'google', ownerUserId: 'u1', groupId: 'contactGroups/clients' })) };
    const events = { publish: jest.fn(async () => undefined) };
    const publisher = new OutboundPublisher(persons as unknown as PersonRepository, links as unknown as LinkRepository, configs as unknown as SyncConfigRepository, events as unknown as EventPublisher);
    return { persons, links, configs, events, publisher };
  };
  const published = (events: { publish: jest.Mock }) => events.publish.mock.calls.map((c) => (c[0] as { payload: { personVersion: number; change: string } }).payload);

  it('publishes the person the request wrote without reading it again, then clears the mark of that version', async () => {
    const written = person(3);
    const { persons, events, publisher } = setup(null);
    await expect(publisher.flush(written.id as string, written)).resolves.toBe(true);
    expect(persons.findById).not.toHaveBeenCalled();
    expect(published(events)).toEqual([expect.objectContaining({ personVersion: 3, change: 'upsert' })]);
    expect(persons.outboundPublished).toHaveBeenCalledWith(written.id, 3);
  });

  it('reads the person when the caller has none (the sweeper), and publishes nothing for a sync that is not two-way any more', async () => {
    const stored = person(2);
    const { persons, configs, events, publisher } = setup(stored);
    configs.twoWaySync.mockResolvedValueOnce(null as never);
    await publisher.flush(stored.id as string);
    expect(persons.findById).toHaveBeenCalledWith(stored.id);
    expect(events.publish).not.toHaveBeenCalled();
    expect(persons.outboundPublished).toHaveBeenCalledWith(stored.id, 2);
  });
});
