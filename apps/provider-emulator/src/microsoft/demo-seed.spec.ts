import { ResetRegistry } from '../core/reset-registry';
import { DEMO_ACCOUNT } from '../google/demo-seed';
import { seedMicrosoftDemo } from './demo-seed';
import { MicrosoftStore } from './microsoft-store';

describe('Microsoft demo seed', () => {
  it('gives demo@example.com 50 contacts in Clients (with a child folder), Suppliers and the default folder', () => {
    const store = new MicrosoftStore(new ResetRegistry());
    seedMicrosoftDemo(store);
    const mailbox = store.find(DEMO_ACCOUNT)!;
    const byName = new Map(mailbox.folders.all().map((f) => [f.displayName, f]));
    expect([...byName.keys()]).toEqual(['Contacts', 'Clients', 'Key Accounts', 'Suppliers']);
    expect(byName.get('Key Accounts')!.parentFolderId).toBe(byName.get('Clients')!.id);
    expect(byName.get('Suppliers')!.parentFolderId).toBe(mailbox.folders.defaultFolder.id);
    const count = (name: string) => mailbox.inFolder(byName.get(name)!.id).length;
    expect([count('Contacts'), count('Clients'), count('Key Accounts'), count('Suppliers')]).toEqual([17, 15, 5, 13]);
    expect(mailbox.all().every((c) => c.fields.displayName && c.fields.emailAddresses?.length)).toBe(true);
    expect(mailbox.all().some((c) => c.fields.businessAddress?.city && c.fields.companyName)).toBe(true);
  });
});
