import { EmulatorAdmin } from '@contact-sync/testing';
import { expectedFullPerson, fullPerson, nastyPeople, simplePerson } from '../fixtures/google-seed';
import type { ContactKey, GroupKey, ProviderScenario } from './provider-scenario';
import { PHOTO_LARGE_PNG, photoBody, type PhotoFixture } from '../fixtures/photo-fixtures';

export class GoogleScenario implements ProviderScenario {
  readonly provider = 'google' as const;
  readonly email = 'ada@example.com';
  readonly pullOperation = 'people.connections.list';
  readonly multiGroup = true;
  readonly syncsNotes = true;
  readonly unknownGroupId = 'contactGroups/nope';
  readonly admin: EmulatorAdmin;
  readonly expectedNoName = { firstName: null, lastName: null, phones: [{ value: '+49 30 123456', label: 'mobile', primary: true }] };
  private readonly ids = new Map<ContactKey, string>();
  private groups!: Record<GroupKey, string>;

  constructor(emulatorUrl: string) {
    this.admin = new EmulatorAdmin(emulatorUrl);
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
    const clients = await this.admin.createGroup(this.email, 'Clients');
    const suppliers = await this.admin.createGroup(this.email, 'Suppliers');
    this.groups = { clients, suppliers };
    const nasty = nastyPeople(clients);
    const seed: [ContactKey, Record<string, unknown>][] = [
      ['full1', fullPerson(1, clients)],
      ['full2', fullPerson(2, clients)],
      ['full3', fullPerson(3, suppliers)],
      ['noName', nasty.noName],
      ['emoji', nasty.emoji],
      ['manyEmails', nasty.manyEmails],
      ['longNotes', nasty.longNotes],
      ['stays', simplePerson('Stays', [clients])],
      ['edited', simplePerson('Edited', [clients])],
      ['deleted', simplePerson('Deleted', [clients])],
      ['moved', simplePerson('Moved', [clients])],
      ['both', simplePerson('Both', [clients, suppliers])],
      ['supplierOnly', simplePerson('SupplierOnly', [suppliers])],
      ['ungrouped', simplePerson('Ungrouped', [])],
    ];
    const ids = await this.admin.seedPeople(this.email, seed.map(([, body]) => body));
    seed.forEach(([key], i) => this.remember(key, ids[i]));
    return this.groups;
  }

  async systemGroup() {
    return { id: 'contactGroups/myContacts' };
  }

  groupId(group: GroupKey): string {
    return this.groups[group];
  }

  async addSimple(key: ContactKey, name: string, group: GroupKey): Promise<void> {
    const [id] = await this.admin.seedPeople(this.email, [simplePerson(name, [this.groups[group]])]);
    this.remember(key, id);
  }

  rename(key: ContactKey, given: string, family: string): Promise<void> {
    return this.admin.patchPerson(this.email, this.id(key), { names: [{ givenName: given, familyName: family, displayName: `${given} ${family}` }] });
  }

  setWorkPhone(key: ContactKey, value: string): Promise<void> {
    return this.admin.patchPerson(this.email, this.id(key), { phoneNumbers: [{ value, type: 'work' }] });
  }

  changePhotoAndTitle(key: ContactKey, title: string): Promise<void> {
    return this.admin.patchPerson(this.email, this.id(key), { photo: photoBody(PHOTO_LARGE_PNG), organizations: [{ name: 'US Navy', title }] });
  }

  setPhoto(key: ContactKey, photo: PhotoFixture): Promise<void> {
    return this.admin.patchPerson(this.email, this.id(key), { photo: photoBody(photo) });
  }

  changeCompany(key: ContactKey, company: string, title: string): Promise<void> {
    return this.admin.patchPerson(this.email, this.id(key), { organizations: [{ name: company, title }] });
  }

  moveTo(key: ContactKey, group: GroupKey): Promise<void> {
    return this.admin.patchPerson(this.email, this.id(key), { groups: [this.groups[group]] });
  }

  remove(key: ContactKey): Promise<void> {
    return this.admin.deletePerson(this.email, this.id(key));
  }

  expireCursors(): Promise<void> {
    return this.admin.expireSyncTokens(this.email);
  }

  expectedFullPerson(n: number) {
    return expectedFullPerson(n);
  }
}
