import { ResetRegistry } from '../core/reset-registry';
import { seedGoogleDemo, DEMO_ACCOUNT } from './demo-seed';
import { GoogleSettings } from './google-settings';
import { GoogleStore } from './google-store';

describe('demo seed', () => {
  it('gives demo@example.com 50 contacts in Clients, Suppliers and only My Contacts', () => {
    const registry = new ResetRegistry();
    const store = new GoogleStore(registry, new GoogleSettings(registry));
    seedGoogleDemo(store);
    const book = store.find(DEMO_ACCOUNT)!;
    const byName = new Map(book.groups.all().map((g) => [g.name, g.resourceName]));
    const counts = book.memberCounts();
    expect(book.liveCount()).toBe(50);
    expect(counts.get(byName.get('Clients')!)).toBe(20);
    expect(counts.get(byName.get('Suppliers')!)).toBe(15);
    expect(book.live().filter((p) => p.groups.length === 1).length).toBe(17);
    expect(book.live().every((p) => p.wire.names?.[0]?.displayName && p.wire.emailAddresses?.length)).toBe(true);
  });
});
