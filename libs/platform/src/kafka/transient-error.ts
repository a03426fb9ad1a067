/**
 * Infrastructure trouble that will pass (database or broker unreachable). Such failures are retried
 * without limit, stalling the partition, instead of dead-lettering good events during an outage.
 */
export function isTransientInfrastructureError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const labels = (err as { hasErrorLabel?: (l: string) => boolean }).hasErrorLabel;
  if (labels?.call(err, 'RetryableWriteError') || labels?.call(err, 'TransientTransactionError')) return true;
  return /Mongo(ose)?(Network|ServerSelection|NotConnected|NetworkTimeout|TopologyClosed)Error|KafkaJS(Connection|NumberOfRetriesExceeded|RequestTimeout)Error/.test(
    err.name,
  );
}
