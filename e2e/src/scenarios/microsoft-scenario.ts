import { MicrosoftEmulatorAdmin, type SeedGraphContact } from '@contact-sync/testing';
import { fullContact, nastyContacts, PHOTO_A, PHOTO_B, simpleContact } from '../fixtures/microsoft-seed';
import { photoBody, type PhotoFixture } from '../fixtures/photo-fixtures';
import type { ContactKey, GroupKey, ProviderScenario } from './provider-scenario';

export class MicrosoftScenario implements ProviderScenario {
  readonly provider = 'microsoft' as const;
  readonly email = 'alan@outlook.example';
  readonly pullOperation = 'graph.contacts.delta';
  readonly multiGroup = false;
  readonly syncsNotes = false;
  readonly unknownGroupId = 'AAMkAGI2TG93AAA=';
  readonly admin: MicrosoftEmulatorAdmin;
  readonly expectedNoName = { firstName: null, lastName: null, phones: [{ value: '+49 30 123456', label: 'mobile', primary: true }] };
  private readonly ids = new Map<ContactKey, string>();
  private groups!: Record<GroupKey, string>;

  constructor(emulatorUrl: string) {
    this.admin = new MicrosoftEmulatorAdmin(emulatorUrl);
  }

  private remember(key: ContactKey, id: string | undefined): void {
    if (!id) throw new Error(`the emulator returned no id for "${key}"`);
    this.ids.set(key, id);
  }

  private id(key: ContactKey): string {
    const id = this.ids.get(key);
    if (!id) throw new Error(`no seeded contact "${key}"`);
    return id;
  }

  async setup(): Promise<Record<GroupKey, string>> {
    await this.admin.createAccount(this.email);
    const clients = await this.admin.createFolder(this.email, 'Clients');
    // A child folder: folders nest in Outlook, and the sync-group list must show them.
    const suppliers = await this.admin.createFolder(this.email, 'Suppliers', clients);
    this.groups = { clients, suppliers };
    const nasty = nastyContacts(clients);
    const seed: [ContactKey, SeedGraphContact][] = [
      ['full1', fullContact(1, clients)],
      ['full2', fullContact(2, clients)],
      ['full3', fullContact(3, suppliers)],
      ['noName', nasty.noName],
      ['emoji', nasty.emoji],
      ['manyEmails', nasty.manyEmails],
      ['longNotes', nasty.longNotes],
      ['stays', simpleContact('Stays', clients)],
      ['edited', simpleContact('Edited', clients)],
      ['deleted', simpleContact('Deleted', clients)],
      ['moved', simpleContact('Moved', clients)],
      ['supplierOnly', simpleContact('SupplierOnly', suppliers)],
      // The default Contacts folder: outside the configured folder.
      ['ungrouped', simpleContact('Ungrouped')],
    ];
    const ids = await this.admin.seedContacts(this.email, seed.map(([, body]) => body));
    seed.forEach(([key], i) => this.remember(key, ids[i]));
    return this.groups;
  }

  async systemGroup() {
    const folders = await this.admin.folders(this.email);
    const byDefault = folders.find((f) => f.wellKnown) ?? folders.find((f) => f.displayName === 'Contacts');
    return { id: byDefault?.id };
  }

  groupId(group: GroupKey): string {
    return this.groups[group];
  }

  async addSimple(key: ContactKey, name: string, group: GroupKey): Promise<void> {
    const [id] = await this.admin.seedContacts(this.email, [simpleContact(name, this.groups[group])]);
    this.remember(key, id);
  }

  async rename(key: ContactKey, given: string, family: string): Promise<void> {
    await this.admin.patchContact(this.email, this.id(key), { givenName: given, surname: family, displayName: `${given} ${family}` });
  }

  async setWorkPhone(key: ContactKey, value: string): Promise<void> {
    await this.admin.patchContact(this.email, this.id(key), { businessPhones: [value], homePhones: [], mobilePhone: null });
  }

  async changePhotoAndTitle(key: ContactKey, title: string): Promise<void> {
    await this.admin.patchContact(this.email, this.id(key), { photo: photoBody(PHOTO_B), jobTitle: title });
  }

  async setPhoto(key: ContactKey, photo: PhotoFixture): Promise<void> {
    await this.admin.patchContact(this.email, this.id(key), { photo: photoBody(photo) });
  }

  async changeCompany(key: ContactKey, company: string, title: string): Promise<void> {
    await this.admin.patchContact(this.email, this.id(key), { companyName: company, jobTitle: title });
  }

  async moveTo(key: ContactKey, group: GroupKey): Promise<void> {
    await this.admin.patchContact(this.email, this.id(key), { folderId: this.groups[group] });
  }

  remove(key: ContactKey): Promise<void> {
    return this.admin.deleteContact(this.email, this.id(key));
  }

  expireCursors(): Promise<void> {
    return this.admin.expireDeltaTokens(this.email);
  }

  /** Outlook has three address slots and the CRM two: business is the address, other the postal one. */
  expectedFullPerson(n: number) {
    return {
      name: `Rear Adm. Grace${n} Brewster Hopper PhD`,
      firstName: `Grace${n}`,
      lastName: 'Hopper',
      emails: [{ value: `grace${n}@navy.example`, primary: true }, { value: `grace${n}@home.example` }],
      phones: [
        { value: '+1 202 555 0100', label: 'work', primary: true },
        { value: '+1 202 555 0142', label: 'home' },
        { value: '+1 202 555 0199', label: 'mobile' },
      ],
      address: { label: 'work', street: '1 Navy Yard', city: 'Washington', region: 'DC', postalCode: '20374', country: 'United States' },
      organization: { name: 'US Navy' },
      customFields: {
        instant_messengers: [{ value: `grace${n}@jabber.example` }],
        postal_address: { label: 'other', street: 'PO Box 42', city: 'Arlington', region: 'VA', postalCode: '22201', country: 'United States' },
        birthday: '1906-12-09',
        job_title: 'Computer Scientist',
      },
      photo: { hash: PHOTO_A.sha256, contentType: PHOTO_A.contentType, byteLength: PHOTO_A.bytes.length },
    };
  }
}
