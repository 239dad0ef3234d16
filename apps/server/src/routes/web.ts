import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { isValidDocId } from '@tandem/protocol';
import { webDistDir } from '../assets.js';

/** Paths the single-page app answers itself; any of them gets index.html. */
function isAppPath(path: string): boolean {
  if (path === '/' || path === '/index.html' || path === '/signin' || path === '/signup' || path === '/admin') return true;
  const match = /^\/d\/([^/]+)\/?$/.exec(path);
  if (!match) return false;
  try {
    return isValidDocId(decodeURIComponent(match[1]!));
  } catch {
    return false;
  }
}

/**
 * The built web app (apps/web/dist): its files, and index.html for `/`, `/signin`, `/signup`,
 * `/admin` and `/d/:docId` (SPA
 * fallback). Hashed files under /assets/ are cached for a year, the page itself is revalidated.
 * Without a build, the app paths answer 503 saying how to build it.
 */
export function webRoutes(root: string | null = webDistDir()): Hono {
  const app = new Hono();
  const indexPath = root ? join(root, 'index.html') : null;
  let index: string | null = null;
  const readIndex = () => (index ??= indexPath && existsSync(indexPath) ? readFileSync(indexPath, 'utf8') : null);

  app.get('*', async (c, next) => {
    if (!isAppPath(c.req.path)) return next();
    const html = readIndex();
    if (!html) return c.text('The web app is not built: run `pnpm build` (or `pnpm start`).', 503);
    c.header('Cache-Control', 'no-cache');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.html(html);
  });
  if (root) {
    app.use(
      '*',
      serveStatic({
        root,
        onFound: (path, c) => {
          const immutable = path.includes('/assets/');
          c.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : path.endsWith('sw.js') ? 'no-cache' : 'public, max-age=300');
        },
      }),
    );
  }
  return app;
}
