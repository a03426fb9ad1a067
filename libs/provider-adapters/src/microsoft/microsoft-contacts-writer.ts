import type { Client } from '@microsoft/microsoft-graph-client';
import type { CanonicalContact } from '@contact-sync/contact-model';
import { isFreshRead, type ContactProviderWriter, type FittedContact, type ProviderContactVersion } from '../contact-provider-driver';
import { fitContactToGraph } from './graph-capacity';
import { isNotFound, ProviderConflictError, ProviderRequestError, type ProviderError } from '../provider-errors';
import { graphClient } from './graph-client';
import { GRAPH_CONTACT_SELECT, type GraphContact } from './graph-contact-fields';
import { contactToGraphContact, graphContactToContact, graphEtagOf, graphUpdateTimeOf } from './graph-contact-mapper';
import { mapMicrosoftError, MicrosoftHttpError } from './microsoft-error-mapper';
import { GRAPH_BATCH_LIMIT, graphBatch, type GraphBatchRequest, type GraphBatchResponse } from './graph-batch';

const enc = encodeURIComponent;

/**
 * Graph write-back: POST, PATCH and DELETE of contacts (creates, reads and deletes also in `$batch`). Graph documents no `If-Match` for contacts,
 * so an update is read-compare-write: GET the contact, compare its changeKey with the one the
 * write is based on (a difference is a conflict), then PATCH. The window between the two is the
 * caller's to keep small (one writer per mailbox). Never notes, never photos (the mapper's rule).
 */
export class MicrosoftContactsWriter implements ContactProviderWriter {
  readonly provider = 'microsoft' as const;
  private readonly base: URL;

  constructor(graphBaseUrl: string) {
    this.base = new URL(graphBaseUrl.replace(/\/+$/, '') + '/');
  }

  fit(contact: CanonicalContact): FittedContact {
    return fitContactToGraph(contact);
  }

  async create(accessToken: string, folderId: string | null, contact: CanonicalContact): Promise<ProviderContactVersion> {
    const path = folderId ? `/me/contactFolders/${enc(folderId)}/contacts` : '/me/contacts';
    return versionOf(await this.call(accessToken, (c) => c.api(path).post(contactToGraphContact(contact))));
  }

  /** One `$batch` of at most 20 creates (in waves of 3: under Outlook's 4 per mailbox, one left for the sync). */
  readonly maxCreateBatch = GRAPH_BATCH_LIMIT;

  async createMany(accessToken: string, folderId: string | null, contacts: CanonicalContact[]): Promise<(ProviderContactVersion | ProviderError)[]> {
    const url = folderId ? `/me/contactFolders/${enc(folderId)}/contacts` : '/me/contacts';
    let responses;
    try {
      responses = await graphBatch(graphClient(this.base, accessToken), contacts.map((c) => ({ method: 'POST' as const, url, body: contactToGraphContact(c) })));
    } catch (err) {
      throw mapMicrosoftError(err);
    }
    return responses.map((r) => {
      if (r.status < 200 || r.status >= 300) return mapMicrosoftError(new MicrosoftHttpError(r.status, r.body, new Headers(r.headers)));
      try {
        return versionOf(r.body as GraphContact);
      } catch (err) {
        return err as ProviderError;
      }
    });
  }

  /** One `$batch` of at most 20 reads or deletes (in waves of 3, as creates). */
  readonly maxDeleteBatch = GRAPH_BATCH_LIMIT;

  async readMany(accessToken: string, externalIds: string[]): Promise<(ProviderContactVersion | null)[]> {
    const responses = await this.batch(accessToken, externalIds.map((id) => ({ method: 'GET' as const, url: `/me/contacts/${enc(id)}?$select=${GRAPH_CONTACT_SELECT}` })));
    return responses.map((r) => {
      if (r.status === 404) return null;
      if (r.status < 200 || r.status >= 300) throw mapMicrosoftError(new MicrosoftHttpError(r.status, r.body, new Headers(r.headers)));
      return versionOf(r.body as GraphContact);
    });
  }

  async deleteMany(accessToken: string, externalIds: string[]): Promise<(ProviderError | null)[]> {
    const responses = await this.batch(accessToken, externalIds.map((id) => ({ method: 'DELETE' as const, url: `/me/contacts/${enc(id)}` })));
    // Already gone counts as deleted, as for one delete.
    return responses.map((r) => (r.status === 404 || (r.status >= 200 && r.status < 300) ? null : mapMicrosoftError(new MicrosoftHttpError(r.status, r.body, new Headers(r.headers)))));
  }

  private async batch(accessToken: string, requests: GraphBatchRequest[]): Promise<GraphBatchResponse[]> {
    try {
      return await graphBatch(graphClient(this.base, accessToken), requests);
    } catch (err) {
      throw mapMicrosoftError(err);
    }
  }

  async update(accessToken: string, externalId: string, etag: string, contact: CanonicalContact, read?: ProviderContactVersion): Promise<ProviderContactVersion> {
    // Read-compare-write (Graph documents no If-Match for contacts): a read the caller has just made
    // at this changeKey is that compare, as close to the PATCH as a read of our own would be.
    const current = isFreshRead(read, externalId, etag) ? (read.raw as GraphContact) : await this.get(accessToken, externalId);
    if (!current) throw new ProviderRequestError(`microsoft contact ${externalId} no longer exists`, 'microsoft', 404);
    if (graphEtagOf(current) !== etag) throw new ProviderConflictError(`microsoft contact ${externalId} changed since it was read`, 'microsoft');
    return versionOf(await this.call(accessToken, (c) => c.api(`/me/contacts/${enc(externalId)}`).patch(contactToGraphContact(contact))));
  }

  async delete(accessToken: string, externalId: string): Promise<void> {
    try {
      await graphClient(this.base, accessToken).api(`/me/contacts/${enc(externalId)}`).delete();
    } catch (err) {
      const mapped = mapMicrosoftError(err);
      if (!isNotFound(mapped)) throw mapped;
    }
  }

  async read(accessToken: string, externalId: string): Promise<ProviderContactVersion | null> {
    const contact = await this.get(accessToken, externalId);
    return contact ? versionOf(contact) : null;
  }

  private async get(accessToken: string, externalId: string): Promise<GraphContact | null> {
    try {
      return await graphClient(this.base, accessToken).api(`/me/contacts/${enc(externalId)}`).select(GRAPH_CONTACT_SELECT).get();
    } catch (err) {
      const mapped = mapMicrosoftError(err);
      if (isNotFound(mapped)) return null;
      throw mapped;
    }
  }

  private async call(accessToken: string, request: (client: Client) => Promise<GraphContact>): Promise<GraphContact> {
    try {
      return await request(graphClient(this.base, accessToken));
    } catch (err) {
      throw mapMicrosoftError(err);
    }
  }
}

function versionOf(contact: GraphContact): ProviderContactVersion {
  const etag = graphEtagOf(contact);
  if (!contact.id || !etag) throw new ProviderRequestError('microsoft answered a write without id or changeKey', 'microsoft');
  return { externalId: contact.id, etag, contact: graphContactToContact(contact), updatedAt: graphUpdateTimeOf(contact), raw: contact };
}
