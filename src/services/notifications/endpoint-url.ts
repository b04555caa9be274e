import { AppError } from '../../core/app-error.js';

/** An endpoint URL must be absolute http(s); anything else is a 400 naming the field. */
export function checkEndpointUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('must be an absolute http:// or https:// URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw invalid('must use http or https');
  return parsed.toString();
}

/** What the audit log keeps of a URL: its origin (a Slack URL's path is itself a credential). */
export function auditedUrl(url: string): string {
  return new URL(url).origin;
}

function invalid(message: string): AppError {
  return new AppError('validation_failed', `The endpoint URL ${message}`, {
    fields: [{ field: 'url', message }],
  });
}
