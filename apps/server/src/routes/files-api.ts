import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { type BlobStore, type FileRecord, FileExistsError, isValidFileId } from '@tandem/blob-store';
import { isValidDocId } from '@tandem/document';
import { isReservedDocId } from '../comments/comments-room.js';
import { type DocStore, hasLifecycle } from '@tandem/store';
import { contentDisposition, safeFileName } from '../files/file-name.js';
import { ImageError, reencodeImage } from '../files/reencode.js';
import { sniff } from '../files/sniff.js';

/**
 * Who may read and who may upload a document's files: middleware the app wiring supplies (the
 * same document access rules as the document itself).
 */
export interface FileGuards {
  read: MiddlewareHandler;
  write: MiddlewareHandler;
}

/** What the files API works with. */
export interface FilesApiDeps {
  blobs: BlobStore;
  store: DocStore;
  /** Largest upload, bytes; over it the upload gets 413. */
  maxUploadBytes: number;
  guards: FileGuards;
}

/** Types served inline (as images, to `<img>`): the raster formats the server re-encoded. Everything else is an attachment. */
const INLINE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/avif']);

/** The path a document refers to a file by (relative to the server). */
export const fileUrl = (docId: string, fileId: string) => `/api/docs/${encodeURIComponent(docId)}/files/${fileId}`;

/** A file record as the API shows it. */
const describe = (r: FileRecord, extra: Record<string, unknown> = {}) => ({
  id: r.id,
  name: r.name,
  type: r.type,
  size: r.size,
  createdAt: new Date(r.createdAt).toISOString(),
  url: fileUrl(r.docId, r.id),
  ...extra,
});

const docIdParam = (id: string | undefined) => {
  if (!id || !isValidDocId(id) || isReservedDocId(id)) throw new HTTPException(400, { message: 'invalid document id' });
  return id;
};

/**
 * Files attached to documents, under the document's path so its access rule guards them:
 * `POST /docs/:id/files?name=&as=image|file` (the raw bytes as the body; needs write access),
 * `GET /docs/:id/files` (the list) and `GET /docs/:id/files/:fileId` (the bytes; needs read
 * access, and the file must belong to that document). Mounted under /api.
 */
export function filesApi({ blobs, store, maxUploadBytes, guards }: FilesApiDeps): Hono {
  // A document being written for the first time may have nothing stored yet (its first edit can be
  // the image), so only the trash is checked; files of documents that never come to be are
  // collected after the trash retention like any other unreferenced file.
  const requireDoc = async (id: string) => {
    if (hasLifecycle(store) && (await store.trashedAt(id)) !== null) throw new HTTPException(404, { message: 'document was deleted' });
  };
  const limit = bodyLimit({
    maxSize: maxUploadBytes,
    onError: (c) => c.json({ error: `the file is larger than the limit of ${maxUploadBytes} bytes (MAX_UPLOAD_BYTES)` }, 413),
  });

  return new Hono()
    .post('/docs/:id/files', guards.write, limit, async (c) => {
      const id = docIdParam(c.req.param('id'));
      const as = c.req.query('as') ?? 'file';
      if (as !== 'file' && as !== 'image') throw new HTTPException(400, { message: 'as must be image or file' });
      const fileId = c.req.query('id');
      if (fileId !== undefined && !isValidFileId(fileId)) throw new HTTPException(400, { message: 'id must be 1-64 characters of [A-Za-z0-9_-]' });
      await requireDoc(id);
      let bytes: Uint8Array = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.length === 0) throw new HTTPException(400, { message: 'the file is empty' });
      const sniffed = await sniff(bytes);
      let type = sniffed.type;
      const extra: Record<string, unknown> = {};
      if (sniffed.kind === 'image') {
        try {
          const clean = await reencodeImage(bytes, sniffed.type);
          bytes = clean.bytes;
          type = clean.type;
          extra.width = clean.width;
          extra.height = clean.height;
        } catch (err) {
          if (err instanceof ImageError) throw new HTTPException(415, { message: err.message });
          throw err;
        }
      } else if (as === 'image') {
        throw new HTTPException(415, {
          message: `an image must be a PNG, JPEG, GIF, WebP, AVIF or TIFF; this file is ${sniffed.type}${sniffed.kind === 'svg' ? ' (attach SVGs as files)' : ''}`,
        });
      }
      const name = safeFileName(c.req.query('name'));
      try {
        const record = await blobs.put(id, { ...(fileId ? { id: fileId } : {}), name, type, bytes });
        return c.json(describe(record, extra), 201);
      } catch (err) {
        if (err instanceof FileExistsError) throw new HTTPException(409, { message: err.message });
        throw err;
      }
    })
    .get('/docs/:id/files', guards.read, async (c) => {
      const id = docIdParam(c.req.param('id'));
      await requireDoc(id);
      return c.json({ files: (await blobs.list(id)).map((r) => describe(r)) });
    })
    .get('/docs/:id/files/:fileId', guards.read, async (c) => {
      const id = docIdParam(c.req.param('id'));
      const fileId = c.req.param('fileId');
      if (!isValidFileId(fileId)) throw new HTTPException(404, { message: 'no such file' });
      await requireDoc(id);
      const record = await blobs.get(id, fileId);
      const bytes = record && (await blobs.read(id, fileId));
      if (!record || !bytes) throw new HTTPException(404, { message: 'no such file' });
      const inline = INLINE_TYPES.has(record.type) && c.req.query('download') === undefined;
      const etag = `"${record.hash}"`;
      const headers: Record<string, string> = {
        'content-type': record.type.startsWith('text/') ? `${record.type}; charset=utf-8` : record.type,
        'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', record.name),
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox",
        'cross-origin-resource-policy': 'cross-origin',
        'cache-control': 'private, max-age=31536000, immutable',
        etag,
      };
      if (c.req.header('if-none-match') === etag) return new Response(null, { status: 304, headers });
      return new Response(bytes as Uint8Array<ArrayBuffer>, { status: 200, headers: { ...headers, 'content-length': String(bytes.length) } });
    });
}
