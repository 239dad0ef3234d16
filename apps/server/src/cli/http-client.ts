/** A Tandem server's REST API as the backup command uses it. */
export interface ApiClient {
  listDocs(): Promise<{ id: string; updatedAt: string }[]>;
  exportState(id: string): Promise<Uint8Array>;
  /** Imports a Yjs state; 'exists' when the server already has that document. */
  importState(id: string, state: Uint8Array): Promise<'created' | 'exists'>;
}

/** Talks to `server` (its base URL), sending `token` as a bearer token when given. */
export function createApiClient(server: string, token?: string): ApiClient {
  const base = server.replace(/\/+$/, '');
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const call = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${base}/api${path}`, { ...init, headers: { ...headers, ...(init.headers as object) } });
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
        body: state,
      });
      return res.status === 409 ? 'exists' : 'created';
    },
  };
}
