import { AdminHttp } from './admin-http';

/** A Graph contact as the admin API takes it: Graph's own fields, plus where it lives and its photo. */
export type SeedGraphContact = Record<string, unknown> & {
  folderId?: string;
  photo?: { contentType: 'image/jpeg' | 'image/png'; base64: string } | null;
  /** Listed without changeKey/@odata.etag: a record the sync must quarantine. */
  omitEtag?: boolean;
};

export interface EmulatorFolder {
  id: string;
  displayName: string;
  parentFolderId: string;
  wellKnown?: string;
}

/** Client of the provider emulator's admin API for Microsoft accounts (apps/provider-emulator/src/admin). */
export class MicrosoftEmulatorAdmin extends AdminHttp {
  protected readonly provider = 'microsoft' as const;

  private account(email: string) {
    return `/microsoft/accounts/${encodeURIComponent(email)}`;
  }

  reset(): Promise<void> {
    return this.call('POST', '/reset');
  }

  async createAccount(email: string): Promise<void> {
    await this.call('POST', '/microsoft/accounts', { email });
  }

  async createFolder(email: string, displayName: string, parentFolderId?: string): Promise<string> {
    return (await this.call<{ id: string }>('POST', `${this.account(email)}/folders`, { displayName, ...(parentFolderId ? { parentFolderId } : {}) })).id;
  }

  async folders(email: string): Promise<EmulatorFolder[]> {
    return (await this.call<{ folders: EmulatorFolder[] }>('GET', `${this.account(email)}/folders`)).folders;
  }

  /** Seeds contacts (each may name its `folderId`); returns their ids in order. */
  async seedContacts(email: string, contacts: SeedGraphContact[]): Promise<string[]> {
    return (await this.call<{ ids: string[] }>('POST', `${this.account(email)}/contacts`, { contacts })).ids;
  }

  async patchContact(email: string, id: string, fields: Partial<SeedGraphContact>): Promise<Record<string, unknown>> {
    return this.call('PATCH', `${this.account(email)}/contacts/${encodeURIComponent(id)}`, fields);
  }

  async deleteContact(email: string, id: string): Promise<void> {
    await this.call('DELETE', `${this.account(email)}/contacts/${encodeURIComponent(id)}`);
  }

  async contacts(email: string): Promise<Record<string, unknown>[]> {
    return (await this.call<{ contacts: Record<string, unknown>[] }>('GET', `${this.account(email)}/contacts`)).contacts;
  }

  expireDeltaTokens(email: string): Promise<void> {
    return this.call('POST', `${this.account(email)}/expire-delta-tokens`);
  }

  /** The user removed the app's access: refreshes answer invalid_grant (AADSTS70000), Graph calls 401. */
  revoke(email: string): Promise<void> {
    return this.call('POST', `${this.account(email)}/revoke`);
  }


  /** Every access token of the account expires now: the next Graph call answers 401. */
  async expireAccessTokens(email: string): Promise<number> {
    return (await this.call<{ expired: number }>('POST', '/oauth/expire-access-tokens', { account: email })).expired;
  }

  /** The folder vanishes with its contacts: a delta query on it answers 404 ErrorItemNotFound. */
  deleteFolder(email: string, folderId: string): Promise<void> {
    return this.call('DELETE', `${this.account(email)}/folders/${encodeURIComponent(folderId)}`);
  }
}
