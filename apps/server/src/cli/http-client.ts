/** A Tandem server's REST API as the backup command uses it. */
export interface ApiClient {
  listDocs(): Promise<{ id: string; updatedAt: string }[]>;
  exportState(id: string): Promise<Uint8Array>;
  /** Imports a Yjs state; 'exists' when the server already has that document. */
  importState(id: string, state: Uint8Array): Promise<'created' | 'exists'>;
  /** The files attached to a document. */
  listFiles(id: string): Promise<BackupFile[]>;
  /** One file's bytes. */
  readFile(id: string, fileId: string): Promise<Uint8Array>;
  /** Uploads a file under its original id; 'exists' when the document already has it. */
  writeFile(id: string, file: BackupFile, bytes: Uint8Array): Promise<'created' | 'exists'>;
}

/** A file of a document, as the backup manifest records it. */
export interface BackupFile {
  id: string;
  name: string;
  type: string;
  size: number;
}

/**
 * Talks to `server` (its base URL), sending `token` as a bearer token when given. Redirects are
 * not followed: the token goes only to the origin it was given for, never to one a server names.
 */
export function createApiClient(server: string, token?: string): ApiClient {
  const base = server.replace(/\/+$/, '');
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const call = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${base}/api${path}`, { ...init, redirect: 'manual', headers: { ...headers, ...(init.headers as object) } });
    if (res.status >= 300 && res.status < 400) {
      throw new Error(`${init.method ?? 'GET'} /api${path}: the server redirected (HTTP ${res.status}); the backup does not follow redirects (give the final address)`);
    }
    if (!res.ok && res.status !== 409) {
      const text = await res.text().catch(() => '');
      throw new Error(`${init.method ?? 'GET'} /api${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
    }
    return res;
  };
  return {
    async listDocs() {
      return ((await (await call('/docs')).json()) as { docs: { id: string; updatedAt: string }[] }).docs;
    },
    async exportState(id) {
      return new Uint8Array(await (await call(`/docs/${encodeURIComponent(id)}/export?format=yjs`)).arrayBuffer());
    },
    async importState(id, state) {
      const res = await call(`/docs/${encodeURIComponent(id)}/import?format=yjs`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: new Uint8Array(state),
      });
      return res.status === 409 ? 'exists' : 'created';
    },
    async listFiles(id) {
      const { files } = (await (await call(`/docs/${encodeURIComponent(id)}/files`)).json()) as { files: BackupFile[] };
      return files.map(({ id: fileId, name, type, size }) => ({ id: fileId, name, type, size }));
    },
    async readFile(id, fileId) {
      return new Uint8Array(await (await call(`/docs/${encodeURIComponent(id)}/files/${fileId}?download`)).arrayBuffer());
    },
    async writeFile(id, file, bytes) {
      const query = new URLSearchParams({ id: file.id, name: file.name });
      const res = await call(`/docs/${encodeURIComponent(id)}/files?${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: new Uint8Array(bytes),
      });
      return res.status === 409 ? 'exists' : 'created';
    },
  };
}
