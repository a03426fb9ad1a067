/** The run was fenced (configure/pause/disconnect) or taken over by another replica: stop without writing. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

/** The service is shutting down: stop between pages and hand the sync back. */
export class StopRequestedError extends Error {
  override readonly name = 'StopRequestedError';
}
