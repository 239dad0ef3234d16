/** Where an editor's files go: its server, document and token. */
export interface FileTarget {
  server: string;
  doc: string;
  token?: string;
}

/** What the server answers to an upload. */
export interface UploadedFile {
  id: string;
  name: string;
  type: string;
  size: number;
  url: string;
  width?: number;
  height?: number;
}

/** The upload was refused (too large, not an image, no access): retrying will not help. */
export class UploadRefused extends Error {
  override readonly name = 'UploadRefused';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A stored file's URL as the browser loads it: on the editor's server, with the token when there is one. */
export function resolveFileUrl(target: FileTarget, src: string, download = false): string {
  if (!src.startsWith('/api/')) return src;
  const url = new URL(src, target.server);
  if (target.token) url.searchParams.set('token', target.token);
  if (download) url.searchParams.set('download', '');
  return url.toString();
}

/** True when `src` is a stored file of this editor's document. */
export function isOwnFile(target: FileTarget, src: string): boolean {
  return src.startsWith(`/api/docs/${encodeURIComponent(target.doc)}/files/`);
}

/**
 * Uploads `blob` to the document's files (`as: image` asks the server to refuse anything that is
 * not an image). Rejects with UploadRefused on a 4xx answer, with another error when offline.
 */
export async function uploadFile(target: FileTarget, blob: Blob, name: string, as: 'image' | 'file'): Promise<UploadedFile> {
  const url = new URL(`/api/docs/${encodeURIComponent(target.doc)}/files`, target.server);
  url.searchParams.set('name', name);
  url.searchParams.set('as', as);
  const res = await fetch(url, {
    method: 'POST',
    body: blob,
    headers: { 'content-type': 'application/octet-stream', ...(target.token ? { authorization: `Bearer ${target.token}` } : {}) },
    credentials: 'include',
  });
  if (res.status >= 400 && res.status < 500) {
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    throw new UploadRefused(res.status, body.error ?? `upload refused (HTTP ${res.status})`);
  }
  if (!res.ok) throw new Error(`upload failed (HTTP ${res.status})`);
  return (await res.json()) as UploadedFile;
}

/** The bytes of an image URL the browser may read (same origin, or CORS allows it), or null. */
export async function fetchImage(target: FileTarget, src: string): Promise<Blob | null> {
  try {
    const res = await fetch(resolveFileUrl(target, src), { credentials: src.startsWith('/') ? 'include' : 'omit' });
    if (!res.ok) return null;
    const blob = await res.blob();
    return blob.type.startsWith('image/') ? blob : null;
  } catch {
    return null;
  }
}

/** A `data:` URI's bytes as a Blob, or null when it is not a base64 or percent-encoded data URI. */
export function dataUriToBlob(uri: string): Blob | null {
  const m = /^data:([\w.+-]+\/[\w.+-]+)?((?:;[\w-]+=[^;,]*)*)(;base64)?,(.*)$/s.exec(uri);
  if (!m) return null;
  try {
    const type = m[1] ?? 'application/octet-stream';
    if (m[3]) {
      const bin = atob(m[4]!.replace(/\s+/g, ''));
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      return new Blob([bytes], { type });
    }
    return new Blob([decodeURIComponent(m[4]!)], { type });
  } catch {
    return null;
  }
}
