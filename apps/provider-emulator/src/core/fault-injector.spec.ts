import { FaultInjector } from './fault-injector';
import { ResetRegistry } from './reset-registry';

const call = (account: string, operation = 'people.connections.list') => ({ provider: 'google' as const, account, operation });

describe('FaultInjector', () => {
  it('lets `afterCalls` matching calls through, then fails `count` of them, then none', () => {
    const faults = new FaultInjector(new ResetRegistry());
    faults.add({ status: 500, count: 2, afterCalls: 1, account: 'a@x.test', operation: 'people.connections.list' });
    const statuses = [
      faults.take(call('b@x.test')), // another account: not matching, not counted
      faults.take(call('a@x.test', 'contactGroups.get')), // another operation: not counted
      faults.take(call('a@x.test')),
      faults.take(call('a@x.test')),
      faults.take(call('a@x.test')),
      faults.take(call('a@x.test')),
    ].map((f) => f?.status ?? 'ok');
    expect(statuses).toEqual(['ok', 'ok', 'ok', 500, 500, 'ok']);
    expect(faults.pending()).toEqual([]);
  });

  it('lists a fault as pending until it has struck `count` times', () => {
    const faults = new FaultInjector(new ResetRegistry());
    faults.add({ status: 503, count: 1, afterCalls: 2 });
    faults.take(call('a@x.test'));
    expect(faults.pending()).toMatchObject([{ status: 503, passing: 1, remaining: 1 }]);
    faults.take(call('a@x.test'));
    expect(faults.take(call('a@x.test'))?.status).toBe(503);
    expect(faults.pending()).toEqual([]);
  });
});
