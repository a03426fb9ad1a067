import { at, CLIENTS, demoPerson, DEMO_ACCOUNT, SUPPLIERS } from '../google/demo-seed';
import type { PersonFieldValues } from '../google/person/person-fields';
import type { ContactFields, PhysicalAddress } from './contact/contact-fields';
import { normalizeBirthday } from './contact/contact-input';
import type { ContactFolder } from './mailbox/contact-folder-set';
import type { MicrosoftStore } from './microsoft-store';

type Values = Record<string, string | undefined>;

/** The Google demo people as Graph contacts, so both demo accounts show the same address book. */
function graphContact(p: PersonFieldValues): ContactFields {
  const name = (p.names?.[0] ?? {}) as Values;
  const org = (p.organizations?.[0] ?? {}) as Values;
  const phone = (p.phoneNumbers?.[0] ?? {}) as Values;
  const birthday = (p.birthdays?.[0] as { date?: { year?: number; month: number; day: number } } | undefined)?.date;
  const fields: ContactFields = {
    givenName: name.givenName,
    surname: name.familyName,
    displayName: [name.givenName, name.familyName].filter(Boolean).join(' '),
    emailAddresses: (p.emailAddresses as Values[] | undefined)?.map((e) => ({ name: [name.givenName, name.familyName].join(' '), address: e.value })),
    ...(phone.type === 'work' ? { businessPhones: [phone.value as string] } : { mobilePhone: phone.value }),
    imAddresses: (p.imClients as Values[] | undefined)?.map((im) => `${im.username}@${im.protocol}.example`),
    ...(org.name ? { companyName: org.name, jobTitle: org.title, department: org.department } : {}),
    personalNotes: (p.biographies?.[0] as Values | undefined)?.value,
    ...(birthday?.year ? { birthday: normalizeBirthday(`${birthday.year}-${String(birthday.month).padStart(2, '0')}-${String(birthday.day).padStart(2, '0')}`) } : {}),
  };
  for (const a of (p.addresses ?? []) as Values[]) {
    const address: PhysicalAddress = { street: a.streetAddress ?? (a.poBox ? a.poBox : undefined), city: a.city, state: a.region, postalCode: a.postalCode, countryOrRegion: a.country };
    if (a.type === 'work') fields.businessAddress = address;
    else if (a.type === 'home') fields.homeAddress = address;
    else fields.otherAddress = address;
  }
  for (const [k, v] of Object.entries(fields)) if (v === undefined) delete (fields as Record<string, unknown>)[k];
  return fields;
}

/**
 * The Microsoft demo mailbox (same address as the Google demo account): the same 50 people, 20 in
 * "Clients" (5 of them in its child folder "Key Accounts"), 13 in "Suppliers", 17 in the default
 * Contacts folder. An Outlook contact lives in exactly one folder, unlike a Google contact's labels.
 */
export function seedMicrosoftDemo(store: MicrosoftStore, email = DEMO_ACCOUNT): void {
  const mailbox = store.ensure(email);
  const folder = (name: string, parent?: string) => {
    const f = mailbox.folders.create(name, parent);
    if (typeof f !== 'string') return f.id;
    const parentId = parent ?? mailbox.folders.defaultFolder.id;
    return (mailbox.folders.children(parentId).find((c) => c.displayName === name) as ContactFolder).id;
  };
  const clients = folder('Clients');
  const keyAccounts = folder('Key Accounts', clients);
  const suppliers = folder('Suppliers');
  for (let i = 0; i < 50; i++) {
    if (i < 20) mailbox.create({ fields: graphContact(demoPerson(i, at(CLIENTS, i))), folderId: i % 4 === 0 ? keyAccounts : clients });
    else if (i < 33) mailbox.create({ fields: graphContact(demoPerson(i, at(SUPPLIERS, i))), folderId: suppliers });
    else mailbox.create({ fields: graphContact(demoPerson(i)) });
  }
}
