import { AdminHttp } from './admin-http';

const idOf = (resourceName: string) => encodeURIComponent(resourceName.replace(/^people\//, ''));

/** Client of the provider emulator's admin API for Google accounts (apps/provider-emulator/src/admin). */
export class EmulatorAdmin extends AdminHttp {
  protected readonly provider = 'google' as const;

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

  /**
   * Seeds Google persons (each may carry `groups`, `photo: {contentType, base64}` served at a public
   * URL, `omitEtag`); returns their resource names in order.
   */
  async seedPeople(email: string, people: Record<string, unknown>[]): Promise<string[]> {
    return (await this.call<{ resourceNames: string[] }>('POST', `${this.account(email)}/people`, { people })).resourceNames;
  }

  async patchPerson(email: string, resourceName: string, fields: Record<string, unknown>): Promise<void> {
    await this.call('PATCH', `${this.account(email)}/people/${idOf(resourceName)}`, fields);
  }

  async deletePerson(email: string, resourceName: string): Promise<void> {
    await this.call('DELETE', `${this.account(email)}/people/${idOf(resourceName)}`);
  }

  /** How many live contacts the account holds (cheap: no contact is rendered). */
  async liveCount(email: string): Promise<number> {
    const { accounts } = await this.call<{ accounts: { email: string; persons: number }[] }>('GET', '/google/accounts');
    return accounts.find((a) => a.email === email)?.persons ?? 0;
  }

  async people(email: string): Promise<Record<string, unknown>[]> {
    return (await this.call<{ people: Record<string, unknown>[] }>('GET', `${this.account(email)}/people`)).people;
  }

  expireSyncTokens(email: string): Promise<void> {
    return this.call('POST', `${this.account(email)}/expire-sync-tokens`);
  }

  /** The user removed the app: every token of the account dies; refreshes answer invalid_grant. */
  revoke(email: string): Promise<void> {
    return this.call('POST', `${this.account(email)}/revoke`);
  }


  /** The provider's token endpoint answers `status` to its next `count` requests (an identity-service outage); 0 ends it. */
  async tokenOutage(provider: 'google' | 'microsoft', count = 1, status = 503): Promise<void> {
    await this.call('POST', '/oauth/token-outage', { provider, count, status });
  }

  /** Every access token of the account expires now: the next API call answers 401. */
  async expireAccessTokens(email: string): Promise<number> {
    return (await this.call<{ expired: number }>('POST', '/oauth/expire-access-tokens', { account: email })).expired;
  }

  /** The group vanishes (its members stay, without the membership); contactGroups.get answers 404. */
  deleteGroup(email: string, resourceName: string): Promise<void> {
    return this.call('DELETE', `${this.account(email)}/groups/${encodeURIComponent(resourceName.replace(/^contactGroups\//, ''))}`);
  }

  /** Seeds a person the API lists without an etag (a record the sync must quarantine). */
  async seedPersonWithoutEtag(email: string, person: Record<string, unknown>): Promise<string> {
    const [resourceName] = await this.seedPeople(email, [{ ...person, omitEtag: true }]);
    return resourceName as string;
  }
}
