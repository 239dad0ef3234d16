import { randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as Y from 'yjs';
import type { DocStore, LifecycleStore } from '@tandem/store';
import { SyncError, type SyncServer } from '@tandem/sync';
import type { AuthEnv } from '../auth/auth-services.js';
import { canCreate, docIdOf } from '../auth/guards.js';
import { CONTENT_FRAGMENT, MAX_TITLE_CHARS } from '@tandem/document';
import { announce } from '../events/request-events.js';
import { IMPORT_FORMATS, ImportError, type ImportFormat, type ImportJob, type ImportSandbox } from '@tandem/history';

function formatOf(raw: unknown): ImportFormat {
  const format = (raw ?? 'json') as ImportFormat;
  if (!IMPORT_FORMATS.includes(format)) {
    throw new HTTPException(400, { message: `format must be one of ${IMPORT_FORMATS.join(', ')}` });
  }
  return format;
}

/** ProseMirror JSON given inside a JSON body, as text again for the sandbox (400 when it cannot be). */
function toJsonText(content: unknown): string {
  try {
    return JSON.stringify(content);
  } catch {
    throw new HTTPException(400, { message: 'content is not ProseMirror JSON' });
  }
}

/**
 * `state`, or when it holds nothing (an empty document without a title) the state of a document
 * with one empty paragraph: a document is stored only once it holds something, and one created
 * empty must exist like any other (listed, opened, renamed, deleted; its id taken).
 */
function nonEmpty(state: Uint8Array): Uint8Array {
  const { structs, ds } = Y.decodeUpdate(state);
  if (structs.length > 0 || ds.clients.size > 0) return state;
  const doc = new Y.Doc();
  doc.getXmlFragment(CONTENT_FRAGMENT).push([new Y.XmlElement('paragraph')]);
  const seeded = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return seeded;
}

/** A new unguessable document id (128 random bits, URL-safe). */
export function newDocId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Creates documents from imported content, seeded once on the server: the document exists with
 * its content before any client connects, so clients never seed (and never duplicate) it.
 * `POST /docs` (JSON body `{id?, title?, format?: 'json'|'md'|'html', content?}`) and
 * `POST /docs/:id/import?format=json|md|html|yjs` (the body as is). 409 when the id is taken.
 * In accounts mode the signed-in person who creates a document owns it.
 * The content is parsed only in the import sandbox (a worker thread with bounded heap, stack and
 * time): what reaches the document is the state the sandbox encoded.
 */
export function importApi(store: DocStore & LifecycleStore, sync: SyncServer, sandbox: ImportSandbox) {
  const creating = new Set<string>();

  const create = async (c: Context<AuthEnv>, id: string, job: ImportJob, source: 'create' | 'import' = 'create') => {
    const { sharing } = c.var.auth;
    if (
      creating.has(id) ||
      (await store.info(id)) ||
      (await store.trashedAt(id)) !== null ||
      sync.room(id) ||
      (sharing && (await sharing.hasMembers(id)))
    ) {
      throw new HTTPException(409, { message: 'a document with this id exists' });
    }
    creating.add(id);
    try {
      let state: Uint8Array;
      try {
        state = nonEmpty(await sandbox.build(job));
      } catch (err) {
        if (err instanceof ImportError) throw new HTTPException(err.status, { message: err.message });
        throw new HTTPException(400, { message: 'content could not be imported' });
      }
      const user = c.var.caller.user;
      if (sharing && user) await sharing.created(id, user);
      try {
        await sync.change(id, (doc) => Y.applyUpdate(doc, state));
      } catch (err) {
        if (err instanceof SyncError) throw new HTTPException(err.httpStatus as 503, { message: err.message });
        throw err;
      }
      await store.saveVersion(id, { kind: 'import', label: 'Imported', state });
      announce(c, { type: 'document.created', docId: id, data: { source, ...(job.title ? { title: job.title } : {}) } });
    } finally {
      creating.delete(id);
    }
  };

  return new Hono<AuthEnv>()
    .post('/docs', canCreate(), async (c) => {
      let body: { id?: unknown; title?: unknown; format?: unknown; content?: unknown };
      try {
        body = await c.req.json();
      } catch {
        throw new HTTPException(400, { message: 'body must be JSON' });
      }
      const id = docIdOf(body.id === undefined ? newDocId() : String(body.id));
      if (body.title !== undefined && (typeof body.title !== 'string' || body.title.length > MAX_TITLE_CHARS)) {
        throw new HTTPException(400, { message: `title must be a string of at most ${MAX_TITLE_CHARS} characters` });
      }
      const format = formatOf(body.format);
      if (format === 'yjs') throw new HTTPException(400, { message: 'use POST /api/docs/:id/import?format=yjs for Yjs states' });
      const title = typeof body.title === 'string' ? body.title : undefined;
      if (body.content === undefined) await create(c, id, { format: 'json', content: '{"type":"doc"}', title });
      else if (format === 'json') await create(c, id, { format, content: toJsonText(body.content), title });
      else if (typeof body.content === 'string') await create(c, id, { format, content: body.content, title });
      else throw new HTTPException(400, { message: `${format} content must be a string` });
      return c.json({ id }, 201);
    })
    .post('/docs/:id/import', canCreate(), async (c) => {
      const id = docIdOf(c.req.param('id'));
      const format = formatOf(c.req.query('format'));
      const content = format === 'yjs' ? new Uint8Array(await c.req.arrayBuffer()) : await c.req.text();
      await create(c, id, { format, content }, 'import');
      return c.json({ id }, 201);
    });
}
