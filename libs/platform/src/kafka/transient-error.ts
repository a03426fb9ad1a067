import { Error as MongooseError, mongo } from 'mongoose';
import { KafkaJSConnectionError, KafkaJSError, KafkaJSNumberOfRetriesExceeded, KafkaJSRequestTimeoutError } from 'kafkajs';

/** Driver classes that only ever mean "the server is not reachable right now". */
const TRANSIENT_MONGO_CLASSES = [
  mongo.MongoNetworkError, // includes MongoNetworkTimeoutError
  mongo.MongoServerSelectionError,
  mongo.MongoNotConnectedError,
  mongo.MongoTopologyClosedError,
  mongo.MongoServerClosedError,
];

/** Labels the driver puts on errors it considers retryable (see the driver's MongoErrorLabel). */
const TRANSIENT_LABELS = ['RetryableWriteError', 'TransientTransactionError', 'ResetPool', 'PoolRequstedRetry', 'InterruptInUseConnections', 'HandshakeError'];

/**
 * Server codes of a node that is shutting down, stepping down or unreachable (MongoDB's retryable
 * error codes), plus what FerretDB 2 answers while its PostgreSQL is down or restarting.
 */
export const TRANSIENT_SERVER_CODES: ReadonlySet<number> = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  89, // NetworkTimeout
  91, // ShutdownInProgress
  134, // ReadConcernMajorityNotAvailableYet
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

/**
 * FerretDB 2 answers every PostgreSQL outage with code 1 (InternalError), no labels (measured: PG
 * stopped under load gives "terminating connection due to administrator command", then "failed to
 * connect to `user=… database=…`" until PG is back). Code 1 is also used for real bugs, so only
 * these PostgreSQL connection-loss texts, under that code, count as transient.
 */
const FERRETDB_INTERNAL_ERROR = 1;
const POSTGRES_CONNECTION_LOSS = [
  'failed to connect to `',
  'terminating connection due to administrator command',
  'the database system is starting up',
  'the database system is shutting down',
  'the database system is in recovery mode',
  'unexpected EOF',
  'conn closed',
  // PostgreSQL 40P01: the statement was rolled back to break a deadlock; retrying is the remedy
  // (seen under concurrent bulk writes in the fault suite).
  'deadlock detected',
];
const isFerretDbBackendOutage = (err: mongo.MongoError): boolean =>
  err.code === FERRETDB_INTERNAL_ERROR && POSTGRES_CONNECTION_LOSS.some((text) => err.message.includes(text));

const KAFKA_TRANSIENT_CLASSES = [KafkaJSConnectionError, KafkaJSRequestTimeoutError, KafkaJSNumberOfRetriesExceeded];

const MAX_CAUSE_DEPTH = 5;

/**
 * A failure its thrower knows will pass without anyone fixing the event (another replica holds the
 * account's lease, say): extend it, and a consumer retries the event instead of dead-lettering it.
 * Only for conditions that do pass; a retried event holds up its partition until it applies.
 */
export class TransientError extends Error {
  override readonly name: string = 'TransientError';
}

/**
 * Infrastructure trouble that will pass (database or broker unreachable, restarting, failing over),
 * or a `TransientError`. Decided by error class, driver labels and server codes, never by names:
 * such failures are retried without limit, stalling the partition, instead of dead-lettering good
 * events during an outage. Follows `cause` (and a bulk write's write errors) because wrappers hide
 * the driver error.
 */
export function isTransientInfrastructureError(err: unknown, depth = 0): boolean {
  if (!(err instanceof Error) || depth > MAX_CAUSE_DEPTH) return false;
  if (err instanceof TransientError) return true;
  if (TRANSIENT_MONGO_CLASSES.some((c) => err instanceof c)) return true;
  // mongoose wraps a failed initial/re-connection in its own class.
  if (err instanceof MongooseError.MongooseServerSelectionError) return true;
  if (err instanceof mongo.MongoError) {
    if (TRANSIENT_LABELS.some((l) => err.hasErrorLabel(l))) return true;
    if (typeof err.code === 'number' && TRANSIENT_SERVER_CODES.has(err.code)) return true;
    if (isFerretDbBackendOutage(err)) return true;
    const wce = (err as { writeConcernError?: { code?: number } }).writeConcernError;
    if (typeof wce?.code === 'number' && TRANSIENT_SERVER_CODES.has(wce.code)) return true;
    const writeErrors = (err as { writeErrors?: { code?: number }[] }).writeErrors;
    if (Array.isArray(writeErrors) && writeErrors.length > 0 && writeErrors.every((w) => typeof w.code === 'number' && TRANSIENT_SERVER_CODES.has(w.code))) {
      return true;
    }
  }
  if (KAFKA_TRANSIENT_CLASSES.some((c) => err instanceof c)) return true;
  if (err instanceof KafkaJSError && err.retriable) return true;
  return isTransientInfrastructureError((err as { cause?: unknown }).cause, depth + 1);
}
