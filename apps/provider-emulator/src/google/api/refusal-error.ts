import type { MutationRefusal } from '../address-book/contact-mutations';
import { invalidArgument, notFound, staleEtag, type GoogleApiError } from './google-api-error';

/** A refused People API write in Google's error shape. */
export function refusalError(refusal: MutationRefusal): GoogleApiError {
  if (refusal.kind === 'not_found') return notFound();
  if (refusal.kind === 'stale_etag') return staleEtag();
  return invalidArgument(refusal.message);
}
