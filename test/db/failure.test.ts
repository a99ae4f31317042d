import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, describeConnectFailure, outageOf } from '../../src/db/failure.js';

/** Errors as the driver and Neo4j raise them (codes and texts copied from real failures). */
const driverError = (code: string, message: string, cause?: unknown) => Object.assign(new Error(message), { code, cause });
const REFUSED = driverError(
  'ServiceUnavailable',
  'Failed to connect to server. Please ensure that your database is listening on the correct host and port and that you have compatible encryption settings both on Neo4j server and driver. Note that the default encryption setting has changed in Neo4j 4.0. Caused by: connect ECONNREFUSED 127.0.0.1:7687',
);

describe('database failures', () => {
  it('read an unreachable server as UNREACHABLE', () => {
    expect(outageOf(REFUSED)).toBe('UNREACHABLE');
    expect(outageOf(driverError('SessionExpired', 'session expired'))).toBe('UNREACHABLE');
  });

  it('read a full disk as DISK_FULL, also when only a cause says so', () => {
    expect(outageOf(driverError('Neo.DatabaseError.Transaction.TransactionCommitFailed', 'Could not apply the transaction', new Error('No space left on device')))).toBe('DISK_FULL');
  });

  it('read a panicked or unavailable database as DATABASE_FAILED', () => {
    expect(outageOf(driverError('Neo.TransientError.General.DatabaseUnavailable', 'Database unavailable'))).toBe('DATABASE_FAILED');
    expect(outageOf(driverError('Neo.TransientError.General.TransactionMemoryLimit', 'The database has encountered a critical error, and needs to be restarted.'))).toBe('DATABASE_FAILED');
  });

  it('read a commit the server could not write as DATABASE_FAILED, never as an internal error', () => {
    expect(outageOf(driverError('Neo.DatabaseError.Transaction.TransactionCommitFailed', 'Could not apply the transaction: Transaction #143'))).toBe('DATABASE_FAILED');
    expect(outageOf(new Error('wrapped', { cause: driverError('ServiceUnavailable', 'gone') }))).toBe('UNREACHABLE');
  });

  it('read a connection pool that stayed exhausted (overload) as BUSY, never as an internal error', () => {
    // the driver's own error: code N/A, seen under 64 connections on a saturated machine
    const exhausted = driverError('N/A', 'Connection acquisition timed out in 5000 ms. Pool status: Active conn count = 100, Idle conn count = 0.');
    expect(outageOf(exhausted)).toBe('BUSY');
    expect(new DatabaseUnavailableError('BUSY').message).toBe('the database is busy; try again shortly');
  });

  it('leave ordinary query errors alone', () => {
    expect(outageOf(driverError('Neo.ClientError.Statement.SyntaxError', 'Invalid input'))).toBeNull();
    expect(outageOf(new Error('anything'))).toBeNull();
  });

  it('carry their reason in a DatabaseUnavailableError with a plain message', () => {
    const err = new DatabaseUnavailableError('DISK_FULL');
    expect(outageOf(err)).toBe('DISK_FULL');
    expect(err.message).toBe("the database's disk is full; try again once space has been freed");
  });

  it('describe a failed connection without the driver text about encryption or Neo4j 4.0', () => {
    expect(describeConnectFailure(REFUSED)).toBe('nothing listens there (connection refused)');
    expect(describeConnectFailure(driverError('Neo.ClientError.Security.Unauthorized', 'The client is unauthorized due to authentication failure.'))).toBe('the user name or password was refused');
    for (const e of [REFUSED, driverError('ServiceUnavailable', 'Connection acquisition timed out; encryption'), new Error('x')]) {
      expect(describeConnectFailure(e)).not.toMatch(/encryption|4\.0/);
    }
  });
});
