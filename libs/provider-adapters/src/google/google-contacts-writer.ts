import type { people_v1 } from 'googleapis/build/src/apis/people/v1';
import type { CanonicalContact } from '@contact-sync/contact-model';
import { isFreshRead, type ContactProviderWriter, type FittedContact, type ProviderContactVersion } from '../contact-provider-driver';
import { isNotFound, ProviderConflictError, ProviderRequestError } from '../provider-errors';
import { peopleClient } from './google-client';
import { mapGoogleError } from './google-error-mapper';
import { googlePersonToContact, googleUpdateTimeOf } from './google-person-mapper';
import { GOOGLE_WRITTEN_FIELDS, contactToGooglePerson } from './google-person-write-mapper';

/** What every read and write asks back: the synced fields and the metadata (update time). */
const READ_FIELDS = [...GOOGLE_WRITTEN_FIELDS, 'memberships', 'metadata'].join(',');

/**
 * People API write-back: createContact, updateContact (etag precondition, checked by Google),
 * deleteContact, and the batch calls batchCreateContacts, getBatchGet and batchDeleteContacts, one call at a time (Google asks for sequential mutations per user: the caller
 * serialises per account). An update reads the person first so that values the CRM does not model
 * (further addresses and organizations) are written back unchanged; a moved etag is a conflict
 * before anything is written, and Google's own check covers a change in between.
 */
export class GoogleContactsWriter implements ContactProviderWriter {
  readonly provider = 'google' as const;

  constructor(private readonly apiRootUrl: string) {}

  /** Google documents no per-field limits for the synced fields: everything goes. */
  fit(contact: CanonicalContact): FittedContact {
    return { contact, notSynced: [] };
  }

  async create(accessToken: string, groupId: string | null, contact: CanonicalContact): Promise<ProviderContactVersion> {
    const memberships = groupId ? [{ contactGroupMembership: { contactGroupResourceName: groupId } }] : undefined;
    const person = await this.call(() =>
      peopleClient(this.apiRootUrl, accessToken).people.createContact(
        { personFields: READ_FIELDS, requestBody: { ...contactToGooglePerson(contact), ...(memberships ? { memberships } : {}) } },
        { retry: false },
      ),
    );
    return versionOf(person);
  }

  /** batchCreateContacts: at most 200 contacts per call (one invalid contact fails the call). */
  readonly maxCreateBatch = 200;

  async createMany(accessToken: string, groupId: string | null, contacts: CanonicalContact[]): Promise<ProviderContactVersion[]> {
    if (contacts.length > this.maxCreateBatch) throw new RangeError(`batchCreateContacts takes at most ${this.maxCreateBatch} contacts`);
    const memberships = groupId ? [{ contactGroupMembership: { contactGroupResourceName: groupId } }] : undefined;
    try {
      const res = await peopleClient(this.apiRootUrl, accessToken).people.batchCreateContacts(
        { requestBody: { readMask: READ_FIELDS, contacts: contacts.map((c) => ({ contactPerson: { ...contactToGooglePerson(c), ...(memberships ? { memberships } : {}) } })) } },
        { retry: false },
      );
      const created = res.data.createdPeople ?? [];
      if (created.length !== contacts.length) throw new ProviderRequestError(`google created ${created.length} of ${contacts.length} contacts in one batch`, 'google');
      return created.map((r) => versionOf(r.person ?? {}));
    } catch (err) {
      throw mapGoogleError(err);
    }
  }

  /** getBatchGet reads at most 200 (batchDeleteContacts would take 500): deletes are read first. */
  readonly maxDeleteBatch = 200;

  async readMany(accessToken: string, externalIds: string[]): Promise<(ProviderContactVersion | null)[]> {
    if (externalIds.length > this.maxDeleteBatch) throw new RangeError(`getBatchGet takes at most ${this.maxDeleteBatch} resource names`);
    if (externalIds.length === 0) return [];
    let responses: people_v1.Schema$PersonResponse[];
    try {
      responses = (await peopleClient(this.apiRootUrl, accessToken).people.getBatchGet({ resourceNames: externalIds, personFields: READ_FIELDS }, { retry: false })).data.responses ?? [];
    } catch (err) {
      throw mapGoogleError(err);
    }
    const byName = new Map(responses.map((r) => [r.requestedResourceName, r]));
    return externalIds.map((id) => {
      const r = byName.get(id);
      if (r?.person && (r.httpStatusCode ?? 200) === 200) return versionOf(r.person);
      if (r?.httpStatusCode === 404 || r?.status?.code === 5) return null;
      throw new ProviderRequestError(`google getBatchGet answered ${r ? `${r.httpStatusCode}: ${r.status?.message ?? ''}` : 'nothing'} for ${id}`, 'google', r?.httpStatusCode ?? undefined);
    });
  }

  /** batchDeleteContacts: one call for all; a refusal of one (a contact already gone) deletes nothing and is thrown. */
  async deleteMany(accessToken: string, externalIds: string[]): Promise<null[]> {
    if (externalIds.length > this.maxDeleteBatch) throw new RangeError(`at most ${this.maxDeleteBatch} deletes per call`);
    if (externalIds.length === 0) return [];
    try {
      await peopleClient(this.apiRootUrl, accessToken).people.batchDeleteContacts({ requestBody: { resourceNames: externalIds } }, { retry: false });
    } catch (err) {
      throw mapGoogleError(err);
    }
    return externalIds.map(() => null);
  }

  async update(accessToken: string, externalId: string, etag: string, contact: CanonicalContact, read?: ProviderContactVersion): Promise<ProviderContactVersion> {
    // Google checks the etag itself (a stale one is 400 FAILED_PRECONDITION, a conflict): the read
    // is for the values we do not model, which the caller's fresh read at this etag already holds.
    const current = isFreshRead(read, externalId, etag) ? (read.raw as people_v1.Schema$Person) : await this.get(accessToken, externalId);
    if (!current) throw new ProviderRequestError(`google contact ${externalId} no longer exists`, 'google', 404);
    if (current.etag !== etag) throw new ProviderConflictError(`google contact ${externalId} changed since it was read`, 'google');
    const person = await this.call(() =>
      peopleClient(this.apiRootUrl, accessToken).people.updateContact(
        { resourceName: externalId, updatePersonFields: GOOGLE_WRITTEN_FIELDS.join(','), personFields: READ_FIELDS, requestBody: { ...contactToGooglePerson(contact, current), etag } },
        { retry: false },
      ),
    );
    return versionOf(person);
  }

  async delete(accessToken: string, externalId: string): Promise<void> {
    try {
      await peopleClient(this.apiRootUrl, accessToken).people.deleteContact({ resourceName: externalId }, { retry: false });
    } catch (err) {
      const mapped = mapGoogleError(err);
      if (!isNotFound(mapped)) throw mapped;
    }
  }

  async read(accessToken: string, externalId: string): Promise<ProviderContactVersion | null> {
    const person = await this.get(accessToken, externalId);
    return person ? versionOf(person) : null;
  }

  private async get(accessToken: string, externalId: string): Promise<people_v1.Schema$Person | null> {
    try {
      return (await peopleClient(this.apiRootUrl, accessToken).people.get({ resourceName: externalId, personFields: READ_FIELDS }, { retry: false })).data;
    } catch (err) {
      const mapped = mapGoogleError(err);
      if (isNotFound(mapped)) return null;
      throw mapped;
    }
  }

  private async call(request: () => Promise<{ data: people_v1.Schema$Person }>): Promise<people_v1.Schema$Person> {
    try {
      return (await request()).data;
    } catch (err) {
      throw mapGoogleError(err); // returns an error of the taxonomy as it is
    }
  }
}

function versionOf(person: people_v1.Schema$Person): ProviderContactVersion {
  if (!person.resourceName || !person.etag) throw new ProviderRequestError('google answered a write without resourceName or etag', 'google');
  return { externalId: person.resourceName, etag: person.etag, contact: googlePersonToContact(person), updatedAt: googleUpdateTimeOf(person), raw: person };
}
