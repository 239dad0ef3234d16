import { randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as Y from 'yjs';
import type { DocStore, LifecycleStore } from '@tandem/store';
import type { SyncServer } from '@tandem/sync';
import type { AuthEnv } from '../auth/auth-services.js';
import { canCreate, docIdOf } from '../auth/guards.js';
import {
  fillFromProseMirrorJSON,
  htmlToProseMirrorJSON,
  ImportError,
  markdownToProseMirrorJSON,
  META_MAP,
  TITLE_KEY,
} from '@tandem/history';

/** Formats a document can be imported from. */
const IMPORT_FORMATS = ['json', 'md', 'html', 'yjs'] as const;
type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Fills a new document from text content in a format (ProseMirror JSON as parsed JSON). */
function fillFrom(doc: Y.Doc, format: Exclude<ImportFormat, 'yjs'>, content: unknown): void {
  if (format === 'json') return fillFromProseMirrorJSON(doc, content);
  if (typeof content !== 'string') throw new ImportError(`${format} content must be a string`);
  fillFromProseMirrorJSON(doc, format === 'md' ? markdownToProseMirrorJSON(content) : htmlToProseMirrorJSON(content));
}

function formatOf(raw: unknown): ImportFormat {
  const format = (raw ?? 'json') as ImportFormat;
  if (!IMPORT_FORMATS.includes(format)) {
    throw new HTTPException(400, { message: `format must be one of ${IMPORT_FORMATS.join(', ')}` });
  }
  return format;
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
 */
export function importApi(store: DocStore & LifecycleStore, sync: SyncServer) {
  const creating = new Set<string>();

  const create = async (c: Context<AuthEnv>, id: string, fill: (doc: Y.Doc) => void) => {
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
      const staged = new Y.Doc();
      try {
        fill(staged);
      } catch (err) {
        if (err instanceof ImportError) throw new HTTPException(400, { message: err.message });
        throw new HTTPException(400, { message: 'content could not be imported' });
      }
      const state = Y.encodeStateAsUpdate(staged);
      const user = c.var.caller.user;
      if (sharing && user) await sharing.created(id, user);
      await sync.change(id, (doc) => Y.applyUpdate(doc, state));
      await store.saveVersion(id, { kind: 'import', label: 'Imported', state });
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
      if (body.title !== undefined && (typeof body.title !== 'string' || body.title.length > 200)) {
        throw new HTTPException(400, { message: 'title must be a string of at most 200 characters' });
      }
      const format = formatOf(body.format);
      if (format === 'yjs') throw new HTTPException(400, { message: 'use POST /api/docs/:id/import?format=yjs for Yjs states' });
      await create(c, id, (doc) => {
        if (body.content !== undefined) fillFrom(doc, format, body.content);
        if (typeof body.title === 'string') doc.getMap(META_MAP).set(TITLE_KEY, body.title);
      });
      return c.json({ id }, 201);
    })
    .post('/docs/:id/import', canCreate(), async (c) => {
      const id = docIdOf(c.req.param('id'));
      const format = formatOf(c.req.query('format'));
      if (format === 'yjs') {
        const state = new Uint8Array(await c.req.arrayBuffer());
        try {
          Y.decodeUpdate(state);
        } catch {
          throw new HTTPException(400, { message: 'body is not a Yjs update' });
        }
        await create(c, id, (doc) => Y.applyUpdate(doc, state));
      } else if (format === 'json') {
        let json: unknown;
        try {
          json = await c.req.json();
        } catch {
          throw new HTTPException(400, { message: 'body must be ProseMirror JSON' });
        }
        await create(c, id, (doc) => fillFrom(doc, 'json', json));
      } else {
        const text = await c.req.text();
        await create(c, id, (doc) => fillFrom(doc, format, text));
      }
      return c.json({ id }, 201);
    });
}
