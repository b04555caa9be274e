import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type AppErrorCode, type FieldError, isAppError } from '../core/app-error.js';

/** The one table that turns an error code into an HTTP status. */
export const statusOfCode: Record<AppErrorCode, number> = {
  validation_failed: 400,
  malformed_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  database_busy: 503,
  internal: 500,
};

const titles: Record<AppErrorCode, string> = {
  validation_failed: 'The request is not valid',
  malformed_request: 'The request could not be read',
  unauthenticated: 'Sign-in required',
  forbidden: 'Not allowed',
  csrf_failed: 'Missing or wrong CSRF token',
  not_found: 'Not found',
  conflict: 'Conflict',
  invalid_transition: 'Stage change not allowed',
  payload_too_large: 'Request body too large',
  unsupported_media_type: 'Unsupported content type',
  rate_limited: 'Too many requests',
  database_busy: 'Database unavailable',
  internal: 'Internal error',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: AppErrorCode;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export function problem(
  code: AppErrorCode,
  detail: string,
  errors: FieldError[] = [],
  extensions: Record<string, unknown> = {},
): Problem {
  return {
    ...extensions,
    type: `urn:tandem:problem:${code.replaceAll('_', '-')}`,
    title: titles[code],
    status: statusOfCode[code],
    detail,
    code,
    ...(errors.length > 0 ? { errors } : {}),
  };
}

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** JSON pointer of the offending field, in the request part it came from ("body/email" → "email"). */
function fieldOf(e: AjvError, part: string | undefined): string {
  const base = e.instancePath.replace(/^\//, '');
  const extra = (e.params.missingProperty ?? e.params.additionalProperty) as string | undefined;
  const path = [base, extra].filter(Boolean).join('/');
  return path || (part ?? 'body');
}

function messageOf(e: AjvError): string {
  if (e.keyword === 'additionalProperties') return 'is not a known field';
  if (e.keyword === 'required') return 'is required';
  return e.message ?? 'is not valid';
}

const fastifyCodes: Record<string, AppErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed_request',
  // Router refusals (see frameworkErrors in app.ts): a bad %-escape, an over-long path id.
  FST_ERR_BAD_URL: 'malformed_request',
  FST_ERR_MAX_PARAM_LENGTH: 'validation_failed',
};

export function toProblem(error: unknown): Problem {
  if (isAppError(error)) return problem(error.code, error.message, error.fields, error.extensions);
  const fe = error as FastifyError & { validation?: AjvError[]; validationContext?: string };
  if (Array.isArray(fe.validation)) {
    const errors = fe.validation.map((e) => ({
      field: fieldOf(e, fe.validationContext),
      message: messageOf(e),
    }));
    const summary = errors.map((e) => `${e.field} ${e.message}`).join('; ');
    return problem(
      'validation_failed',
      `Invalid ${fe.validationContext ?? 'request'}: ${summary}`,
      errors,
    );
  }
  // Retries already ran out on these (store/db.ts isRetryable): the client's own retry can succeed.
  if (fe.code === '40001' || fe.code === '40P01')
    return problem(
      'database_busy',
      'Conflicting writes kept the database from finishing this request; retry it',
    );
  const mapped = fe.code ? fastifyCodes[fe.code] : undefined;
  if (mapped) return problem(mapped, fe.message);
  if (fe instanceof SyntaxError || fe.statusCode === 400) {
    return problem('malformed_request', `The body could not be read: ${fe.message}`, [
      { field: 'body', message: 'is not valid JSON' },
    ]);
  }
  const byStatus = Object.entries(statusOfCode).find(([, status]) => status === fe.statusCode);
  if (byStatus && fe.statusCode !== undefined && fe.statusCode < 500) {
    return problem(byStatus[0] as AppErrorCode, fe.message);
  }
  return problem('internal', 'Something went wrong on our side; it has been logged.');
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).type('application/problem+json').send(p);
}

export function errorHandler(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const p = toProblem(error);
  // A conflict that outlasted the retries is contention, not a fault: the client retries.
  if (p.code === 'database_busy') request.log.warn({ err: error }, 'request answered busy');
  else if (p.status >= 500) request.log.error({ err: error }, 'request failed');
  if (p.code === 'database_busy' && !reply.hasHeader('retry-after'))
    reply.header('retry-after', '1');
  return sendProblem(reply, { ...p, instance: request.url.split('?')[0] });
}
