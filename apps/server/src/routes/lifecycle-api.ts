import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as Y from 'yjs';
import type { DocStore, LifecycleStore } from '@tandem/store';
import type { SyncServer } from '@tandem/sync';
import type { AuthEnv } from '../auth/auth-services.js';
import { adminOnly, docAccess, docIdOf } from '../auth/guards.js';
import { contentDisposition } from '../files/file-name.js';
import { getTitle as titleOf, MAX_TITLE_CHARS, setTitle } from '@tandem/document';
import { announce } from '../events/request-events.js';
import {
  docFromState,
  restoreVersion,
  toHTMLPage,
  toMarkdown,
  toPlainText,
  toProseMirrorJSON,
  trashDoc,
} from '@tandem/history';

/** Formats a document or version can be read in. */
const FORMATS = ['json', 'md', 'html', 'txt', 'yjs'] as const;
type Format = (typeof FORMATS)[number];

function formatParam(raw: string | undefined): Format {
  const format = (raw ?? 'json') as Format;
  if (!FORMATS.includes(format)) throw new HTTPException(400, { message: `format must be one of ${FORMATS.join(', ')}` });
  return format;
}

/** A download's file name: the document's title made safe (no path or control characters), else `fallback` (the id). */
function downloadName(title: string, fallback: string, suffix = ''): string {
  const cleaned = title.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, ' ').replace(/\s+/g, ' ').trim().replace(/^\.+/, '').slice(0, 120).trim();
  return cleaned ? `${cleaned}${suffix}` : fallback;
}

/** Markdown of a document with its title as a top heading (unless the text already starts with it). */
function markdownWithTitle(doc: Y.Doc, baseUrl: string): string {
  const json = toProseMirrorJSON(doc);
  const body = toMarkdown(json, { baseUrl });
  const title = titleOf(doc).trim();
  if (!title || body.startsWith(`# ${title}\n`)) return body;
  return `# ${title}\n\n${body}`;
}

/**
 * Renders a document in a format as an HTTP response body; stored files are linked absolutely
 * against `baseUrl`. Downloads are named after the title (`name` when there is none).
 */
function render(doc: Y.Doc, format: Format, name: string, baseUrl: string, suffix = ''): Response {
  if (format === 'yjs') {
    return new Response(new Uint8Array(Y.encodeStateAsUpdate(doc)), { headers: { 'content-type': 'application/octet-stream' } });
  }
  const download = (body: string, type: string, ext: string) =>
    new Response(body, {
      headers: { 'content-type': `${type}; charset=utf-8`, 'content-disposition': contentDisposition('attachment', `${downloadName(titleOf(doc), name, suffix)}.${ext}`) },
    });
  if (format === 'txt') return download(toPlainText(doc), 'text/plain', 'txt');
  if (format === 'md') return download(markdownWithTitle(doc, baseUrl), 'text/markdown', 'md');
  if (format === 'html') return download(toHTMLPage(toProseMirrorJSON(doc), titleOf(doc), { baseUrl }), 'text/html', 'html');
  return Response.json({ title: titleOf(doc), content: toProseMirrorJSON(doc) });
}

async function readJson(req: Request): Promise<Record<string, unknown>> {
  try {
    const body = await req.json();
    if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new HTTPException(400, { message: 'body must be a JSON object' });
}

function optionalString(body: Record<string, unknown>, key: string, max: number): string | null {
  const value = body[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length > max) {
    throw new HTTPException(400, { message: `${key} must be a string of at most ${max} characters` });
  }
  return value;
}

/**
 * The document lifecycle API: versions (list, name, read, restore), export, rename, and soft
 * deletion with restore. Mounted under /api. Each route names the role it needs: viewers read
 * and export, editors rename, name and restore versions, owners delete and take out of the
 * trash; the trash list is for admins.
 */
export function lifecycleApi(store: DocStore & LifecycleStore, sync: SyncServer, retentionMs: number) {
  const existing = async (id: string) => {
    if ((await store.trashedAt(id)) !== null) throw new HTTPException(404, { message: 'document was deleted' });
    const doc = await sync.snapshot(id);
    if (!doc) throw new HTTPException(404, { message: 'no such document' });
    return doc;
  };

  return new Hono<AuthEnv>()
    .get('/docs/:id/versions', docAccess('viewer'), async (c) => {
      const id = docIdOf(c.req.param('id'));
      (await existing(id)).destroy();
      return c.json({ versions: await store.listVersions(id) });
    })
    .post('/docs/:id/versions', docAccess('editor'), async (c) => {
      const id = docIdOf(c.req.param('id'));
      const body = await readJson(c.req.raw);
      const label = optionalString(body, 'label', 200);
      const author = optionalString(body, 'author', 100);
      const doc = await existing(id);
      const meta = await store.saveVersion(id, {
        kind: 'named',
        label: label?.trim() || 'Named version',
        authors: author ? [author] : [],
        state: Y.encodeStateAsUpdate(doc),
      });
      doc.destroy();
      announce(c, { type: 'version.created', docId: id, data: { versionId: meta.id, label: meta.label } });
      return c.json(meta, 201);
    })
    .get('/docs/:id/versions/:vid', docAccess('viewer'), async (c) => {
      const id = docIdOf(c.req.param('id'));
      // a deleted document's versions go with it (they are purged with it after the retention)
      if ((await store.trashedAt(id)) !== null) throw new HTTPException(404, { message: 'document was deleted' });
      const version = await store.getVersion(id, c.req.param('vid'));
      if (!version) throw new HTTPException(404, { message: 'no such version' });
      const format = formatParam(c.req.query('format'));
      // a download of the version is an export; the history panel's JSON read (to show it) is not
      if (format !== 'json') announce(c, { type: 'export', docId: id, data: { format, versionId: version.id } });
      return render(docFromState(version.state), format, `${id}-v${version.id}`, new URL(c.req.url).origin, ` (version ${version.id})`);
    })
    .post('/docs/:id/versions/:vid/restore', docAccess('editor'), async (c) => {
      const id = docIdOf(c.req.param('id'));
      (await existing(id)).destroy();
      const body = c.req.header('content-type')?.includes('json') ? await readJson(c.req.raw) : {};
      const result = await restoreVersion(sync, store, id, c.req.param('vid'), optionalString(body, 'author', 100));
      if (!result) throw new HTTPException(404, { message: 'no such version' });
      announce(c, { type: 'document.restored', docId: id, data: { from: 'version', versionId: c.req.param('vid') } });
      return c.json(result);
    })
    .get('/docs/:id/export', docAccess('viewer'), async (c) => {
      const id = docIdOf(c.req.param('id'));
      const format = formatParam(c.req.query('format'));
      const response = render(await existing(id), format, id, new URL(c.req.url).origin);
      announce(c, { type: 'export', docId: id, data: { format } });
      return response;
    })
    .patch('/docs/:id', docAccess('editor'), async (c) => {
      const id = docIdOf(c.req.param('id'));
      const body = await readJson(c.req.raw);
      const title = optionalString(body, 'title', MAX_TITLE_CHARS);
      if (title === null) throw new HTTPException(400, { message: 'title is required' });
      (await existing(id)).destroy();
      await sync.change(id, (doc) => setTitle(doc, title));
      announce(c, { type: 'document.renamed', docId: id, data: { title } });
      return c.json({ id, title });
    })
    .delete('/docs/:id', docAccess('owner'), async (c) => {
      const id = docIdOf(c.req.param('id'));
      (await existing(id)).destroy();
      const deletedAt = await trashDoc(sync, store, id);
      if (deletedAt === null) throw new HTTPException(404, { message: 'document was deleted' });
      const dates = { deletedAt: new Date(deletedAt).toISOString(), purgeAt: new Date(deletedAt + retentionMs).toISOString() };
      announce(c, { type: 'document.deleted', docId: id, data: dates });
      return c.json({ id, ...dates });
    })
    .post('/docs/:id/restore', docAccess('owner'), async (c) => {
      const id = docIdOf(c.req.param('id'));
      if (!(await store.untrash(id))) throw new HTTPException(404, { message: 'document is not in the trash' });
      announce(c, { type: 'document.restored', docId: id, data: { from: 'trash' } });
      return c.json({ id, restored: true });
    })
    .get('/trash', adminOnly(), async (c) => {
      const trash = await store.listTrash();
      return c.json({
        docs: trash.map((t) => ({
          id: t.id,
          deletedAt: new Date(t.deletedAt).toISOString(),
          purgeAt: new Date(t.deletedAt + retentionMs).toISOString(),
        })),
      });
    });
}
