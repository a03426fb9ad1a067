import { AdminHttp } from './admin-http';

const idOf = (resourceName: string) => encodeURIComponent(resourceName.replace(/^people\//, ''));

/** Client of the provider emulator's admin API for Google accounts (apps/provider-emulator/src/admin). */
export class EmulatorAdmin extends AdminHttp {

  private account(email: string) {
    return `/google/accounts/${encodeURIComponent(email)}`;
  }

  reset(): Promise<void> {
    return this.call('POST', '/reset');
  }

  async createAccount(email: string): Promise<void> {
    await this.call('POST', '/google/accounts', { email });
  }

  async createGroup(email: string, name: string): Promise<string> {
    return (await this.call<{ resourceName: string }>('POST', `${this.account(email)}/groups`, { name })).resourceName;
  }

  /** Seeds Google persons (each may carry `groups`); returns their resource names in order. */
  async seedPeople(email: string, people: Record<string, unknown>[]): Promise<string[]> {
    return (await this.call<{ resourceNames: string[] }>('POST', `${this.account(email)}/people`, { people })).resourceNames;
  }

  async patchPerson(email: string, resourceName: string, fields: Record<string, unknown>): Promise<void> {
    await this.call('PATCH', `${this.account(email)}/people/${idOf(resourceName)}`, fields);
  }

  async deletePerson(email: string, resourceName: string): Promise<void> {
    await this.call('DELETE', `${this.account(email)}/people/${idOf(resourceName)}`);
  }

  async people(email: string): Promise<Record<string, unknown>[]> {
    return (await this.call<{ people: Record<string, unknown>[] }>('GET', `${this.account(email)}/people`)).people;
  }

  expireSyncTokens(email: string): Promise<void> {
    return this.call('POST', `${this.account(email)}/expire-sync-tokens`);
  }

  revoke(email: string): Promise<void> {
    return this.call('POST', `${this.account(email)}/revoke`);
  }
}
