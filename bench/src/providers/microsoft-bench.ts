import { MicrosoftContactsDriver, MicrosoftOAuthProvider, microsoftEmulatorEndpoints } from '@contact-sync/provider-adapters';
import { EMULATOR_MICROSOFT_CLIENT, MicrosoftEmulatorAdmin, type SeedGraphContact } from '@contact-sync/testing';
import type { BenchProvider } from './bench-provider';

/** A 1×1 PNG: one contact in ten has a photo, which Graph serves as bytes, one request each. */
const PHOTO = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** Realistic Graph contacts: every synced field (and notes, which must not travel). */
export function benchContact(i: number): SeedGraphContact {
  return {
    givenName: `Given${i}`,
    surname: `Family${i % 997}`,
    displayName: `Given${i} Family${i % 997}`,
    emailAddresses: [{ address: `person${i}@work${i % 50}.example` }, { address: `person${i}@home.example` }],
    mobilePhone: `+1 555 ${String(i).padStart(7, '0')}`,
    businessAddress: { street: `${i} Main St`, city: 'Springfield', postalCode: String(10000 + (i % 90000)), countryOrRegion: 'US' },
    imAddresses: [`im${i}@skype.example`],
    companyName: `Company ${i % 200}`,
    jobTitle: 'Engineer',
    personalNotes: `Notes about person ${i}.`,
    birthday: `${1980 + (i % 30)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00Z`,
    ...(i % 10 === 0 ? { photo: { contentType: 'image/png' as const, base64: PHOTO } } : {}),
  };
}

export class MicrosoftBench implements BenchProvider {
  readonly kind = 'microsoft' as const;
  readonly label = 'Microsoft';
  readonly email = 'bench@outlook.example';
  private readonly admin: MicrosoftEmulatorAdmin;

  constructor(private readonly emulatorUrl: string) {
    this.admin = new MicrosoftEmulatorAdmin(emulatorUrl);
  }

  /** Into the default Contacts folder, which a sync without a chosen folder reads. */
  async seed(n: number): Promise<void> {
    await this.admin.createAccount(this.email);
    for (let i = 0; i < n; i += 5000) {
      await this.admin.seedContacts(this.email, Array.from({ length: Math.min(5000, n - i) }, (_, k) => benchContact(i + k)));
    }
  }

  requestCount(): Promise<number> {
    return this.admin.requestCount(this.email);
  }

  oauth() {
    return new MicrosoftOAuthProvider({ ...microsoftEmulatorEndpoints(this.emulatorUrl), clientId: EMULATOR_MICROSOFT_CLIENT.id, clientSecret: EMULATOR_MICROSOFT_CLIENT.secret });
  }

  driver() {
    return new MicrosoftContactsDriver(microsoftEmulatorEndpoints(this.emulatorUrl).graphBaseUrl);
  }
}
