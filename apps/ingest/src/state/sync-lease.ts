/**
 * A claimed run's fencing token. Every write of the run filters on all of it, so a run whose lease
 * was taken over (new claim bumps runSeq) or ended (configure/pause/disconnect bump fence) writes nothing.
 */
export interface SyncLease {
  accountId: string;
  owner: string;
  runSeq: number;
  fence: number;
}

export const leaseFilter = (lease: SyncLease) => ({
  _id: lease.accountId,
  stage: 'running',
  leaseOwner: lease.owner,
  runSeq: lease.runSeq,
  fence: lease.fence,
});
