import { statusOfErrorCode, type ErrorCode, type Issue } from '@roster/contract';

/** The one error type routes and services throw; `onError` renders it as the contract's envelope. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: Issue[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = statusOfErrorCode[code];
  }
}

/** Another tenant's id and a missing id get the very same answer. */
export const notFound = (what = 'Resource') => new ApiError('not_found', `${what} not found.`);
export const forbidden = (message = 'You do not have permission to do this.') => new ApiError('forbidden', message);
export const unauthorized = (message = 'Authentication is required.') => new ApiError('unauthorized', message);
export const invalidToken = () => new ApiError('invalid_token', 'The token is invalid or has expired.');
export const conflict = (message: string, issues?: Issue[]) => new ApiError('conflict', message, issues);
export const validationFailed = (issues: Issue[], message = 'Some fields are not valid.') =>
  new ApiError('validation_failed', message, issues);
