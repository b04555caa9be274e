import type { FastifyInstance } from 'fastify';

/** The web app: its own scripts only (Vite emits no inline script); Mantine sets inline styles. */
export const webContentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** API answers are data, never a page: nothing in them may load or run, nor be framed. */
export const apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

const apiPath = /^\/(api\/|v1\/|healthz|readyz)/;

/**
 * Headers on every response: no MIME sniffing, no framing, no referrer beyond
 * this origin, a Content-Security-Policy (the page's own for the web app, a
 * closed one for API answers), and HSTS when Tandem is served over https.
 * The API docs page (Swagger UI) runs inline scripts and keeps its own policy.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { https: boolean }): void {
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    reply.removeHeader('x-powered-by');
    if (options.https) reply.header('strict-transport-security', 'max-age=15552000');
    const path = request.url.split('?')[0]!;
    if (reply.hasHeader('content-security-policy') || path.startsWith('/api/docs')) return;
    reply.header(
      'content-security-policy',
      apiPath.test(path) ? apiContentSecurityPolicy : webContentSecurityPolicy,
    );
  });
}
