import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { isValidDocId } from '@tandem/document';
import { webDistDir } from '../assets.js';

/** 'app' for `/`, the account pages and `/d/<valid id>`, 'bad' for any other `/d/...` (the app's "not a document" page, 404), else null. */
function appPath(path: string): 'app' | 'bad' | null {
  if (path === '/' || path === '/index.html' || path === '/signin' || path === '/signup' || path === '/admin') return 'app';
  if (path !== '/d' && !path.startsWith('/d/')) return null;
  const match = /^\/d\/([^/]+)\/?$/.exec(path);
  if (!match) return 'bad';
  try {
    return isValidDocId(decodeURIComponent(match[1]!)) ? 'app' : 'bad';
  } catch {
    return 'bad';
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
    const kind = appPath(c.req.path);
    if (!kind) return next();
    const html = readIndex();
    if (!html) return c.text('The web app is not built: run `pnpm build` (or `pnpm start`).', 503);
    c.header('Cache-Control', 'no-cache');
    c.header('X-Content-Type-Options', 'nosniff');
    // a bad document link gets the app's own page saying so, not a raw JSON 404
    return c.html(html, kind === 'bad' ? 404 : 200);
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
