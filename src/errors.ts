/**
 * Errors the data layer raises for the caller's input. The GraphQL layer turns them into errors with
 * `extensions.code` and the argument at fault; anything else is an internal error and is masked.
 */

/** Codes that reach the client. */
export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'SERVICE_UNAVAILABLE' | 'IDEMPOTENCY_KEY_REUSED';

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The argument (or input field path) at fault, e.g. `first` or `input.kind`. */
    readonly argument?: string,
    /** Extra fields for `extensions` (e.g. `suggestions`), built from what the caller may see. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Bad arguments: out of range, malformed cursor, not allowed by the ontology... */
export const badInput = (argument: string, message: string) => new ApiError('BAD_USER_INPUT', message, argument);

/**
 * A node that does not exist, or that the caller may not see: both give this same error, so a
 * hidden id cannot be told from a missing one.
 */
export const notFound = (argument: string, id: string) => new ApiError('NOT_FOUND', `no node with id '${id}'`, argument);
