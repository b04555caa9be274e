import type { Problem } from './types';

/** A failed API call, carrying the server's problem details. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
  }
}

let csrfToken: string | null = null;
let onUnauthorized: () => void = () => {};

/** Writes made with the session cookie must echo this token (the server's CSRF defence). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called on any 401 so an expired session sends the member back to sign-in. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    // fetch only rejects when no answer came back at all.
    throw networkError();
  }
  if (res.status === 204) return undefined as T;
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw failure(res.status, res.statusText, body);
  return body as T;
}

export interface UploadCallbacks {
  /** Bytes of the request body sent so far; `total` is null when the browser cannot tell. */
  onProgress?(sent: number, total: number | null): void;
  /** The whole body has been sent; the server is working on it. */
  onUploaded?(): void;
  signal?: AbortSignal;
}

/**
 * A JSON POST that reports upload progress, which fetch cannot: for sending
 * files (CSV imports). Errors are the same ApiErrors `api` throws; an abort
 * rejects with a DOMException named AbortError.
 */
export function apiUpload<T>(path: string, body: unknown, callbacks: UploadCallbacks = {}) {
  const { onProgress, onUploaded, signal } = callbacks;
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(new DOMException('Upload aborted', 'AbortError'));
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : null);
    xhr.upload.onload = () => onUploaded?.();
    xhr.onload = () => {
      let answer: unknown = null;
      try {
        answer = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        // Not JSON: the fallback problem below describes the status instead.
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(answer as T);
      else reject(failure(xhr.status, xhr.statusText, answer));
    };
    xhr.onerror = () => reject(networkError());
    xhr.onabort = () => reject(new DOMException('Upload aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(JSON.stringify(body));
  });
}

function networkError(): ApiError {
  return new ApiError({
    type: 'about:blank',
    title: 'Network error',
    status: 0,
    detail: 'Could not reach the Tandem server. Check your connection and try again.',
  });
}

function failure(status: number, statusText: string, body: unknown): ApiError {
  if (status === 401) onUnauthorized();
  return new ApiError(isProblem(body) ? body : fallbackProblem(status, statusText));
}

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && 'status' in body && 'title' in body;
}

function fallbackProblem(status: number, statusText: string): Problem {
  return {
    type: 'about:blank',
    title: statusText || `HTTP ${status}`,
    status,
    detail: `The server answered ${status} ${statusText}`.trim(),
  };
}

export function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
