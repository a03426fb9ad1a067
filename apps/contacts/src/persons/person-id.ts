import { createHash } from 'node:crypto';
import { Types } from 'mongoose';

/**
 * The person of a provider contact has an id derived from (account, external id): a redelivered
 * create inserts the same id again and collides instead of making a second person.
 */
export function personIdFor(accountId: string, externalId: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha256').update(`${accountId}\n${externalId}`).digest('hex').slice(0, 24));
}
