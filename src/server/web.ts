import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { webContentSecurityPolicy } from './security-headers.js';

/** dist/web, found from here both when running from src/ (tsx) and from dist/src/ (built). */
function findWebRoot(): string | null {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'dist', 'web');
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
    dir = path.dirname(dir);
  }
  return null;
}

const htmlSecurityHeaders = { 'content-security-policy': webContentSecurityPolicy };

/** Serves the built React app at / and its index.html for any other page path (client-side routing). */
export async function registerWeb(app: FastifyInstance): Promise<{ webRoot: string | null }> {
  const webRoot = findWebRoot();
  if (webRoot) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: false,
      maxAge: '1h',
    });
  }
  app.get('/*', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0]!;
    // A missing file (an old asset after a rebuild) must be a 404, not the app page with a 200.
    const wantsPage =
      !path.startsWith('/api/') &&
      !path.startsWith('/v1/') &&
      !path.startsWith('/assets/') &&
      !/\.[a-z0-9]+$/i.test(path);
    if (!wantsPage) {
      return reply.callNotFound();
    }
    if (!webRoot) {
      return reply
        .type('text/plain')
        .send('The web app is not built. Run "npm run build" (or "npm start"), then reload.');
    }
    reply.headers(htmlSecurityHeaders).header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  });
  return { webRoot };
}
