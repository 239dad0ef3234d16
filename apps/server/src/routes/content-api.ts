import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type * as Y from 'yjs';
import type { DocStore, LifecycleStore } from '@tandem/store';
import { SyncError, type SyncServer } from '@tandem/sync';
import { CONTENT_FRAGMENT, getTitle, META_MAP, setTitle } from '@tandem/document';
import {
  docFromState,
  ImportError,
  type ImportSandbox,
  replaceContent,
  toHTML,
  toMarkdown,
  toPlainText,
  toProseMirrorJSON,
} from '@tandem/history';
import type { AuthEnv } from '../auth/auth-services.js';
import { docAccess, docIdOf } from '../auth/guards.js';
import { docVersion, StaleVersionError } from '../content/doc-version.js';
import { patchJson, patchMarkdown } from '../content/content-patch.js';

/** Formats the content API reads. */
const READ_FORMATS = ['json', 'md', 'html', 'txt'] as const;
/** Formats it takes content in. */
const WRITE_FORMATS = ['json', 'md', 'html'] as const;
type WriteFormat = (typeof WRITE_FORMATS)[number];

/** A change's body: `{ format?, content, baseVersion? }` (content: ProseMirror JSON, Markdown or HTML text). */
interface ChangeBody {
  format: WriteFormat;
  content: unknown;
  baseVersion: string | null;
}

async function changeBody(c: Context<AuthEnv>): Promise<ChangeBody> {
  let body: Record<string, unknown>;
  try {
    body = (await c.req.json()) as Record<string, unknown>;
  } catch {
    throw new HTTPException(400, { message: 'body must be JSON: { format, content, baseVersion? }' });
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HTTPException(400, { message: 'body must be a JSON object' });
  const format = (body.format ?? 'json') as WriteFormat;
  if (!WRITE_FORMATS.includes(format)) throw new HTTPException(400, { message: `format must be one of ${WRITE_FORMATS.join(', ')}` });
  if (body.content === undefined) throw new HTTPException(400, { message: 'content is required' });
  const header = c.req.header('if-match')?.replace(/^W\//, '').replace(/"/g, '') || null;
  const given = body.baseVersion ?? header;
  if (given !== null && typeof given !== 'string') throw new HTTPException(400, { message: 'baseVersion must be a string' });
  return { format, content: body.content, baseVersion: given };
}

/** The answer to a change: the new version, and a 409 body naming the current one when stale. */
const stale = (c: Context<AuthEnv>, current: string) => c.json({ error: 'the document changed since baseVersion', version: current }, 409);

/**
 * Documents over REST, for backends: `GET /docs/:id/content?format=json|md|html|txt` reads the
 * content (viewers) with its version (the `ETag`); `PUT` replaces it, `POST /docs/:id/content/blocks`
 * appends blocks, `PATCH` applies a JSON Patch (RFC 6902, on the ProseMirror JSON) or a unified
 * diff (on the Markdown) (editors). Writes may name the version they are based on
 * (`baseVersion` or `If-Match`); when the document has moved on they change nothing and answer
 * 409 with the current version. Every write is an ordinary server change: stored, then relayed to
 * everyone online at once. Content is parsed in the import sandbox, as imports are.
 */
export function contentApi(store: DocStore & LifecycleStore, sync: SyncServer, sandbox: ImportSandbox): Hono<AuthEnv> {
  const current = async (id: string) => {
    if ((await store.trashedAt(id)) !== null) throw new HTTPException(404, { message: 'document was deleted' });
    const doc = await sync.snapshot(id);
    if (!doc) throw new HTTPException(404, { message: 'no such document' });
    return doc;
  };

  /** Parses content into a staged document (never the live one). */
  const parse = async (format: WriteFormat, content: unknown): Promise<Y.Doc> => {
    let text: string;
    if (format === 'json') {
      text = JSON.stringify(content);
    } else if (typeof content === 'string') {
      text = content;
    } else {
      throw new HTTPException(400, { message: `${format} content must be a string` });
    }
    try {
      return docFromState(await sandbox.build({ format, content: text }));
    } catch (err) {
      if (err instanceof ImportError) throw new HTTPException(err.status as 400, { message: err.message });
      throw new HTTPException(400, { message: 'content could not be read' });
    }
  };

  /** Applies `edit` to the live document unless it moved past `base`; resolves with the new version. */
  const write = async (id: string, base: string | null, edit: (doc: Y.Doc) => void): Promise<string> => {
    try {
      await sync.change(id, (doc) => {
        if (base !== null) {
          const now = docVersion(doc);
          if (now !== base) throw new StaleVersionError(now);
        }
        edit(doc);
      });
    } catch (err) {
      if (err instanceof SyncError) throw new HTTPException(err.httpStatus as 503, { message: err.message });
      throw err;
    }
    const after = await current(id);
    const version = docVersion(after);
    after.destroy();
    return version;
  };

  /** Makes the live content equal to `source`'s, keeping the live title and other metadata. */
  const replaceWith = (source: Y.Doc) => (doc: Y.Doc) => {
    const meta = source.getMap(META_MAP);
    for (const [key, value] of doc.getMap(META_MAP)) meta.set(key, value);
    setTitle(source, getTitle(doc));
    replaceContent(doc, source);
  };

  const answer = async (c: Context<AuthEnv>, run: () => Promise<string>) => {
    try {
      const version = await run();
      c.header('ETag', `"${version}"`);
      return c.json({ id: c.req.param('id'), version });
    } catch (err) {
      if (err instanceof StaleVersionError) return stale(c, err.current);
      throw err;
    }
  };

  return new Hono<AuthEnv>()
    .get('/docs/:id/content', docAccess('viewer'), async (c) => {
      const id = docIdOf(c.req.param('id'));
      const format = (c.req.query('format') ?? 'json') as (typeof READ_FORMATS)[number];
      if (!READ_FORMATS.includes(format)) throw new HTTPException(400, { message: `format must be one of ${READ_FORMATS.join(', ')}` });
      const doc = await current(id);
      const version = docVersion(doc);
      c.header('ETag', `"${version}"`);
      c.header('Cache-Control', 'no-store');
      const baseUrl = new URL(c.req.url).origin;
      try {
        if (format === 'json') return c.json({ id, version, title: getTitle(doc), content: toProseMirrorJSON(doc) });
        if (format === 'md') return c.body(toMarkdown(toProseMirrorJSON(doc), { baseUrl }), 200, { 'content-type': 'text/markdown; charset=utf-8' });
        if (format === 'html') return c.body(toHTML(toProseMirrorJSON(doc), { baseUrl }), 200, { 'content-type': 'text/html; charset=utf-8' });
        return c.body(toPlainText(doc), 200, { 'content-type': 'text/plain; charset=utf-8' });
      } finally {
        doc.destroy();
      }
    })
    .put('/docs/:id/content', docAccess('editor'), async (c) => {
      const id = docIdOf(c.req.param('id'));
      const body = await changeBody(c);
      (await current(id)).destroy();
      const source = await parse(body.format, body.content);
      return answer(c, () => write(id, body.baseVersion, replaceWith(source)).finally(() => source.destroy()));
    })
    .post('/docs/:id/content/blocks', docAccess('editor'), async (c) => {
      const id = docIdOf(c.req.param('id'));
      const body = await changeBody(c);
      (await current(id)).destroy();
      const source = await parse(body.format, body.content);
      const blocks = source.getXmlFragment(CONTENT_FRAGMENT).toArray();
      return answer(c, () =>
        write(id, body.baseVersion, (doc) => {
          const fragment = doc.getXmlFragment(CONTENT_FRAGMENT);
          fragment.insert(fragment.length, blocks.map((node) => node.clone() as Y.XmlElement | Y.XmlText));
        }).finally(() => source.destroy()),
      );
    })
    .patch('/docs/:id/content', docAccess('editor'), async (c) => {
      const id = docIdOf(c.req.param('id'));
      const body = await changeBody(c);
      if (body.baseVersion === null) throw new HTTPException(400, { message: 'a patch needs the version it was made against (baseVersion or If-Match)' });
      if (body.format === 'html') throw new HTTPException(400, { message: 'patches are JSON Patch (format json) or unified diffs of the Markdown (format md)' });
      const doc = await current(id);
      const version = docVersion(doc);
      const json = toProseMirrorJSON(doc);
      doc.destroy();
      if (version !== body.baseVersion) return stale(c, version);
      const patched =
        body.format === 'json'
          ? patchJson(json, body.content)
          : patchMarkdown(toMarkdown(json, { baseUrl: new URL(c.req.url).origin }), body.content);
      const source = await parse(body.format, patched);
      return answer(c, () => write(id, body.baseVersion, replaceWith(source)).finally(() => source.destroy()));
    });
}
