import { GoogleContactsDriver, GoogleOAuthProvider, googleEmulatorEndpoints } from '@contact-sync/provider-adapters';
import { EMULATOR_GOOGLE_CLIENT, EmulatorAdmin } from '@contact-sync/testing';
import type { BenchProvider } from './bench-provider';

/** Realistic Google persons: every synced field, a few companies shared by many. */
export function benchPerson(i: number): Record<string, unknown> {
  return {
    names: [{ givenName: `Given${i}`, familyName: `Family${i % 997}`, displayName: `Given${i} Family${i % 997}` }],
    emailAddresses: [
      { value: `person${i}@work${i % 50}.example`, type: 'work' },
      { value: `person${i}@home.example`, type: 'home' },
    ],
    phoneNumbers: [{ value: `+1 555 ${String(i).padStart(7, '0')}`, type: 'mobile' }],
    addresses: [{ type: 'work', streetAddress: `${i} Main St`, city: 'Springfield', postalCode: String(10000 + (i % 90000)), country: 'US' }],
    imClients: [{ username: `im${i}`, protocol: 'skype' }],
    organizations: [{ name: `Company ${i % 200}`, title: 'Engineer' }],
    biographies: [{ value: `Notes about person ${i}.` }],
    birthdays: [{ date: { year: 1980 + (i % 30), month: 1 + (i % 12), day: 1 + (i % 28) } }],
  };
}

export class GoogleBench implements BenchProvider {
  readonly kind = 'google' as const;
  readonly label = 'Google';
  readonly email = 'bench@example.com';
  private readonly admin: EmulatorAdmin;

  constructor(private readonly emulatorUrl: string) {
    this.admin = new EmulatorAdmin(emulatorUrl);
  }

  async seed(n: number): Promise<void> {
    await this.admin.createAccount(this.email);
    for (let i = 0; i < n; i += 5000) {
      await this.admin.seedPeople(this.email, Array.from({ length: Math.min(5000, n - i) }, (_, k) => benchPerson(i + k)));
    }
  }

  requestCount(): Promise<number> {
    return this.admin.requestCount(this.email);
  }

  oauth() {
    return new GoogleOAuthProvider({ ...googleEmulatorEndpoints(this.emulatorUrl), clientId: EMULATOR_GOOGLE_CLIENT.id, clientSecret: EMULATOR_GOOGLE_CLIENT.secret });
  }

  driver() {
    return new GoogleContactsDriver(googleEmulatorEndpoints(this.emulatorUrl).apiRootUrl);
  }
}
