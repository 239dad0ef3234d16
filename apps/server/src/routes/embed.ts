import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { Hono } from 'hono';
import { isValidDocId } from '@tandem/document';
import { embedBundlePath } from '../assets.js';
import { embedDemoPage } from './embed-demo-page.js';

/**
 * `GET /embed.js`: the standalone editor bundle, loadable from any origin (CORS), revalidated by
 * ETag; and `GET /embed-demo`: a plain HTML page that embeds it with one script tag.
 */
export function embedRoutes(bundlePath: string | null = embedBundlePath()): Hono {
  let cached: { mtimeMs: number; body: string; etag: string } | null = null;
  const load = async () => {
    if (!bundlePath) return null;
    try {
      const { mtimeMs } = await stat(bundlePath);
      if (cached?.mtimeMs !== mtimeMs) {
        const body = await readFile(bundlePath, 'utf8');
        cached = { mtimeMs, body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
      }
      return cached;
    } catch {
      return null;
    }
  };

  return new Hono()
    .use('/embed.js', async (c, next) => {
      await next();
      c.header('Access-Control-Allow-Origin', '*');
      c.header('Cross-Origin-Resource-Policy', 'cross-origin');
      c.header('Vary', 'Origin');
    })
    .get('/embed.js', async (c) => {
      const bundle = await load();
      if (!bundle) return c.text('The editor bundle is not built: run `pnpm build` (or `pnpm start`).', 503);
      c.header('Cache-Control', 'public, max-age=0, must-revalidate');
      c.header('ETag', bundle.etag);
      if (c.req.header('if-none-match') === bundle.etag) return c.body(null, 304);
      return c.body(bundle.body, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
    })
    .get('/embed-demo', (c) => {
      const doc = c.req.query('doc');
      c.header('Cache-Control', 'no-cache');
      return c.html(embedDemoPage(doc && isValidDocId(doc) ? doc : 'embed-demo'));
    });
}
