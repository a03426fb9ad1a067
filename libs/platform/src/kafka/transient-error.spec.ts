import { Error as MongooseError, mongo } from 'mongoose';
import { KafkaJSConnectionError, KafkaJSError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSRequestTimeoutError } from 'kafkajs';
import { isTransientInfrastructureError, TransientError } from './transient-error';

class LeaseHeldError extends TransientError {
  override readonly name = 'LeaseHeldError';
}

const serverError = (code: number, extra: Record<string, unknown> = {}) => new mongo.MongoServerError({ message: `code ${code}`, code, ...extra });

describe('isTransientInfrastructureError', () => {
  it.each([
    ['MongoNetworkError', new mongo.MongoNetworkError('socket closed')],
    ['MongoNetworkTimeoutError', new mongo.MongoNetworkTimeoutError('timed out')],
    ['MongoNotConnectedError', new mongo.MongoNotConnectedError('not connected')],
    ['MongoTopologyClosedError', new mongo.MongoTopologyClosedError()],
    ['MongoServerClosedError', new mongo.MongoServerClosedError()],
    ['ShutdownInProgress 91', serverError(91)],
    ['InterruptedAtShutdown 11600', serverError(11600)],
    ['InterruptedDueToReplStateChange 11602', serverError(11602)],
    ['NotWritablePrimary 10107', serverError(10107)],
    ['NotPrimaryNoSecondaryOk 13435', serverError(13435)],
    ['PrimarySteppedDown 189', serverError(189)],
    ['HostUnreachable 6', serverError(6)],
    ['HostNotFound 7', serverError(7)],
    ['NetworkTimeout 89', serverError(89)],
    ['SocketException 9001', serverError(9001)],
    ['ExceededTimeLimit 262', serverError(262)],
    ['KafkaJSConnectionError', new KafkaJSConnectionError('Connection error: ECONNREFUSED')],
    ['KafkaJSRequestTimeoutError', new KafkaJSRequestTimeoutError('Request timed out')],
    ['KafkaJSNumberOfRetriesExceeded', new KafkaJSNumberOfRetriesExceeded(new Error('boom'), { retryCount: 5, retryTime: 100 })],
    ['retriable KafkaJSError', new KafkaJSError('leader not available', { retriable: true })],
    // Measured on FerretDB 2 with its PostgreSQL stopped (see the report of issue 10).
    ['FerretDB: PostgreSQL terminated', new mongo.MongoServerError({ message: 'terminating connection due to administrator command', code: 1, codeName: 'InternalError' })],
    ['FerretDB: PostgreSQL deadlock (40P01)', new mongo.MongoServerError({ message: 'deadlock detected', code: 1, codeName: 'InternalError' })],
    [
      'FerretDB: PostgreSQL unreachable',
      new mongo.MongoServerError({
        message: '[msg_insert.go:55 handler.(*Handler).msgInsert] [pool.go:86 documentdb.(*Pool).Acquire] failed to connect to `user=postgres database=postgres`: 127.0.0.1:25452 (127.0.0.1): dial error',
        code: 1,
        codeName: 'InternalError',
      }),
    ],
    ['wrapped in a cause', new Error('apply failed', { cause: new mongo.MongoNetworkError('reset') })],
    ['a TransientError', new TransientError('will pass')],
    ['a subclass of TransientError (e.g. an account lease held elsewhere)', new LeaseHeldError('account acc is being written by another replica')],
    ['a TransientError wrapped in a cause', new Error('write failed', { cause: new LeaseHeldError('busy') })],
  ])('%s is transient', (_, err) => {
    expect(isTransientInfrastructureError(err)).toBe(true);
  });

  it('recognises driver labels whatever the code', () => {
    const err = serverError(1);
    err.addErrorLabel('RetryableWriteError');
    expect(isTransientInfrastructureError(err)).toBe(true);
    const reset = new mongo.MongoNetworkError('x');
    expect(isTransientInfrastructureError(reset)).toBe(true);
  });

  it('recognises mongoose server-selection failures', () => {
    const err = Object.create(MongooseError.MongooseServerSelectionError.prototype) as Error;
    expect(isTransientInfrastructureError(err)).toBe(true);
  });

  it.each([
    ['duplicate key 11000', serverError(11000)],
    ['document validation 121', serverError(121)],
    ['another FerretDB InternalError', new mongo.MongoServerError({ message: 'unsupported operator $foo', code: 1, codeName: 'InternalError' })],
    ['a name that only looks like a network error', Object.assign(new Error('x'), { name: 'MongoNetworkError' })],
    ['a name that only looks like a TransientError', Object.assign(new Error('x'), { name: 'TransientError' })],
    ['non-retriable KafkaJSError', new KafkaJSNonRetriableError('message too large')],
    ['a plain bug', new TypeError('cannot read properties of undefined')],
    ['not an error', 'MongoNetworkError'],
  ])('%s is permanent', (_, err) => {
    expect(isTransientInfrastructureError(err)).toBe(false);
  });
});
