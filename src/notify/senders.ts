import type { Transporter } from 'nodemailer';

/** How long one attempt may take before it counts as failed (the spec suggests seconds, not minutes). */
export const attemptTimeoutMs = 10_000;

export interface HttpAnswer {
  status: number;
}

/** POSTs one request; resolves with the status, rejects when no answer came (refused, timed out). */
export type HttpSender = (req: {
  url: string;
  headers: Record<string, string>;
  body: string;
}) => Promise<HttpAnswer>;

export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

/** An attempt that failed without an HTTP status: the reason, said plainly. */
export class SendError extends Error {
  /** An SMTP 5xx reply: the server refused for good, retrying will not help. */
  readonly permanent: boolean;
  constructor(message: string, permanent = false) {
    super(message);
    this.name = 'SendError';
    this.permanent = permanent;
  }
}

/**
 * Redirects are not followed (a receiver that moved should be edited, and a
 * redirect must not carry the signature elsewhere); the answer's body is not
 * read, only released.
 */
export const fetchSender: HttpSender = async (req) => {
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: 'POST',
      headers: req.headers,
      body: req.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(attemptTimeoutMs),
    });
  } catch (error) {
    throw new SendError(describeFetchError(error));
  }
  await res.body?.cancel().catch(() => undefined);
  return { status: res.status };
};

function describeFetchError(error: unknown): string {
  const e = error as {
    name?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return `No answer within ${attemptTimeoutMs / 1000} s`;
  return e?.cause?.message ?? e?.cause?.code ?? e?.message ?? String(error);
}

/**
 * Email over SMTP: a connection per message, so nothing lingers between
 * sweeps. nodemailer is loaded on the first message, not with every `tandem`
 * command (it takes as long to load as the web server).
 */
export function smtpMailer(smtp: { url: string; from: string }): Mailer {
  let transport: Promise<Transporter> | null = null;
  const open = async () => {
    const nodemailer = (await import('nodemailer')).default;
    return nodemailer.createTransport(
      {
        url: smtp.url,
        connectionTimeout: attemptTimeoutMs,
        greetingTimeout: attemptTimeoutMs,
        socketTimeout: attemptTimeoutMs * 2,
      },
      { from: smtp.from },
    );
  };
  return {
    async send(message) {
      transport ??= open();
      try {
        await (await transport).sendMail(message);
      } catch (error) {
        const e = error as { responseCode?: number; message?: string };
        const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
        throw new SendError(e.message ?? String(error), permanent);
      }
    },
  };
}
