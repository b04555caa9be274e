/**
 * The one error type the services throw. The HTTP edge maps `code` to a status
 * and a problem+json body (server/problem.ts); the CLI prints `message`.
 */
export const appErrorCodes = [
  'validation_failed',
  'malformed_request',
  'unauthenticated',
  'forbidden',
  'csrf_failed',
  'not_found',
  'conflict',
  'invalid_transition',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'database_busy',
  'internal',
] as const;

export type AppErrorCode = (typeof appErrorCodes)[number];

export interface FieldError {
  field: string;
  message: string;
}

export interface AppErrorOptions {
  fields?: FieldError[];
  /** Extra members for the problem document, e.g. the allowed transitions. */
  extensions?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fields: FieldError[];
  readonly extensions: Record<string, unknown>;

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.fields = options.fields ?? [];
    this.extensions = options.extensions ?? {};
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
