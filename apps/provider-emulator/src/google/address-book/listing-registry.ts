import { opaque } from '../../core/ids';
import type { SyncPoint } from './sync-token-registry';

/**
 * A list request in progress. The matching resource names are fixed at the first page, so paging
 * neither skips nor repeats persons while the book changes; the sync point is the sequence at that
 * moment, so anything changed meanwhile comes again with the next incremental sync.
 */
export interface Listing {
  id: string;
  /** The first request's parameters (except pageToken and pageSize): later pages must repeat them. */
  queryKey: string;
  incremental: boolean;
  resourceNames: string[];
  syncPoint: SyncPoint;
}

/** Recent listings per account; a page token outlives its last page so a failed page can be retried. */
const MAX_LISTINGS = 50;

export class ListingRegistry {
  private readonly listings = new Map<string, Listing>();

  start(listing: Omit<Listing, 'id'>): Listing {
    const full: Listing = { ...listing, id: opaque(12) };
    this.listings.set(full.id, full);
    if (this.listings.size > MAX_LISTINGS) this.listings.delete(this.listings.keys().next().value as string);
    return full;
  }

  pageToken(listing: Listing, offset: number): string {
    return Buffer.from(`${listing.id}:${offset}`).toString('base64url');
  }

  /** The listing and offset a page token points at, or undefined for a token it never issued. */
  resolve(pageToken: string): { listing: Listing; offset: number } | undefined {
    const [id, at] = Buffer.from(pageToken, 'base64url').toString().split(':');
    const listing = id ? this.listings.get(id) : undefined;
    const offset = Number(at);
    if (!listing || !Number.isInteger(offset) || offset < 0 || offset > listing.resourceNames.length) return undefined;
    return { listing, offset };
  }
}
