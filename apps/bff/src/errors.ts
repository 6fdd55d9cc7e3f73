import { formatMessage, statusOfErrorCode, type ErrorCode, type Issue, type Message } from '@roster/contract';
// The API's own messages (error.*) in every language, before any error is made.
import './lib/language.js';

/**
 * The one error type routes and services throw; `onError` renders it as the contract's envelope. A message given
 * as a contract message (`{ id, params }`) is rendered in the request's language; `message` is its English.
 */
export class ApiError extends Error {
  readonly status: number;
  /** The message by id, for `onError` to render in the request's language. */
  readonly localized?: Message;
  constructor(
    readonly code: ErrorCode,
    message: string | Message,
    readonly issues?: Issue[],
    readonly headers?: Record<string, string>,
  ) {
    super(typeof message === 'string' ? message : formatMessage(message.id, message.params));
    if (typeof message !== 'string') this.localized = message;
    this.status = statusOfErrorCode[code];
  }
}

/** Another tenant's id and a missing id get the very same answer. */
export const notFound = (what = 'Resource') => new ApiError('not_found', { id: 'error.not_found', params: { what } });
export const forbidden = (message: string | Message = { id: 'error.forbidden' }) => new ApiError('forbidden', message);
export const unauthorized = (message: string | Message = { id: 'error.unauthorized' }) => new ApiError('unauthorized', message);
export const invalidToken = () => new ApiError('invalid_token', { id: 'error.invalid_token' });
export const conflict = (message: string | Message, issues?: Issue[]) => new ApiError('conflict', message, issues);
export const validationFailed = (issues: Issue[], message: string | Message = { id: 'error.validation_failed' }) =>
  new ApiError('validation_failed', message, issues);
