/**
 * What a database failure means for a caller: the reasons the service may be unavailable, the error
 * that carries one, and the mapping from the driver's and Neo4j's errors to them. No driver text
 * (which talks about encryption settings and Neo4j 4.0 when a port is closed) reaches a user.
 */

/** Why the database cannot serve right now. */
export type OutageReason =
  /** the server does not answer (stopped, restarting outside our control, network) */
  | 'UNREACHABLE'
  /** the embedded database is being restarted after its process died */
  | 'RESTARTING'
  /** its disk is full: writes (and, after a panic, everything) fail until space is freed */
  | 'DISK_FULL'
  /** it failed (panic, or it cannot be started again) */
  | 'DATABASE_FAILED'
  /** every connection of the pool stayed in use for the whole acquisition timeout: overloaded */
  | 'BUSY';

const MESSAGES: Record<OutageReason, string> = {
  UNREACHABLE: 'the database is unavailable; try again shortly',
  RESTARTING: 'the database is unavailable; try again shortly',
  DISK_FULL: "the database's disk is full; try again once space has been freed",
  DATABASE_FAILED: 'the database failed; it is being restarted, try again shortly',
  BUSY: 'the database is busy; try again shortly',
};

/**
 * The database cannot serve this call. `code` is the driver's for an unreachable server, so code that
 * recognises the driver's error recognises this one too.
 */
export class DatabaseUnavailableError extends Error {
  readonly code = 'ServiceUnavailable';
  constructor(readonly reason: OutageReason) {
    super(MESSAGES[reason]);
    this.name = 'DatabaseUnavailableError';
  }
}

/** The user-facing sentence for a reason. */
export const outageMessage = (reason: OutageReason): string => MESSAGES[reason];

/** The outage a driver or Neo4j error stands for, or null when it is an ordinary query error. */
export function outageOf(err: unknown): OutageReason | null {
  if (err instanceof DatabaseUnavailableError) return err.reason;
  const codes = causes(err).map((e) => String(e?.code ?? ''));
  const text = causes(err).map((e) => String(e?.message ?? '')).join(' | ');
  if (/no space left on device|disk (is )?full|not enough (disk )?space/i.test(text)) return 'DISK_FULL';
  // the driver's pool (code N/A): the server is up but every connection is taken; an overload, not a fault
  if (/connection acquisition timed out/i.test(text)) return 'BUSY';
  if (codes.includes('ServiceUnavailable') || codes.includes('SessionExpired')) return 'UNREACHABLE';
  // Neo.DatabaseError.*: the server failed to process a valid request (e.g. a commit it could not
  // write), never the caller's fault
  if (codes.some((c) => c === 'Neo.TransientError.General.DatabaseUnavailable' || c.startsWith('Neo.DatabaseError.'))) return 'DATABASE_FAILED';
  if (/needs to be restarted|database (has )?panic|critical error/i.test(text)) return 'DATABASE_FAILED';
  return null;
}

/** An error and its causes (up to five deep). */
function causes(err: unknown): any[] {
  const out: any[] = [];
  for (let e: any = err, depth = 0; e && depth < 5; e = e.cause ?? e.originalError, depth++) out.push(e);
  return out;
}

/** The messages of an error and of its causes, joined. */
function messages(err: unknown): string {
  return causes(err).map((e) => String(e?.message ?? '')).join(' | ');
}

/** A one-line, driver-free description of why a server could not be reached, for start-up messages. */
export function describeConnectFailure(err: unknown): string {
  const code = String((err as { code?: unknown } | null)?.code ?? '');
  const text = messages(err);
  if (/unauthorized|authentication|credentials/i.test(`${code} ${text}`)) return 'the user name or password was refused';
  if (/ECONNREFUSED|connection refused/i.test(text)) return 'nothing listens there (connection refused)';
  if (/ENOTFOUND|EAI_AGAIN/i.test(text)) return 'the host name does not resolve';
  if (/timed? ?out/i.test(text)) return 'the connection timed out';
  const reason = outageOf(err);
  if (reason) return outageMessage(reason);
  return 'the server did not answer as a Neo4j 5 server';
}
