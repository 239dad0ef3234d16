import { connectClient, synced, waitFor, type TestClient } from './clients.js';

/**
 * The p99 an honest collaborator's edits must stay under during an attack: generous for a machine
 * shared with other test files, yet far below the 7-17 s stalls the attacks caused (issue 13).
 */
export const HONEST_P99_MS = 1500;

/** What an honest pair of collaborators on one document saw while something else went on. */
export interface HonestReport {
  /** Edits typed by the writer. */
  edits: number;
  /** Milliseconds from each edit being typed to the reader seeing it. */
  latencies: number[];
  /** 99th percentile of `latencies` (the worst when there are fewer than 100). */
  p99: number;
  /** Close codes either client saw (1011 means the room restarted under them). */
  closeCodes: number[];
  /** True when a fresh client loading the document afterwards finds every edit. */
  nothingLost: boolean;
}

/** A writer and a reader on `docId` of the server at `url`, the writer typing every `everyMs`. */
export interface HonestCollaborator {
  /** The Yjs client ids of the writer and the reader. */
  clientIds(): Promise<number[]>;
  /** Stops typing, waits for the last edits, checks them against a fresh load and reports. */
  finish(): Promise<HonestReport>;
}

const percentile = (values: number[], p: number) => {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/**
 * Starts an honest collaborator: the stock y-websocket client typing one character every
 * `everyMs` on `docId` while a second stock client reads, so a test can assert what someone on
 * another document lives through during an attack (their p99, no 1011, nothing lost).
 */
export async function startHonestCollaborator(url: string, docId: string, options: { everyMs?: number; params?: Record<string, string> } = {}): Promise<HonestCollaborator> {
  const everyMs = options.everyMs ?? 50;
  const writer = connectClient(url, docId, { params: options.params });
  const reader = connectClient(url, docId, { params: options.params });
  const closeCodes: number[] = [];
  for (const c of [writer, reader]) {
    c.provider.on('connection-close', (event) => {
      if (event) closeCodes.push(event.code);
    });
  }
  await Promise.all([synced(writer), synced(reader)]);
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  let seen = 0;
  reader.text.observe(() => {
    const now = performance.now();
    const length = reader.text.length;
    for (; seen < length; seen++) {
      const at = sentAt.get(seen);
      if (at !== undefined) latencies.push(now - at);
    }
  });
  let edits = 0;
  const timer = setInterval(() => {
    sentAt.set(edits, performance.now());
    writer.text.insert(writer.text.length, String(edits % 10));
    edits++;
  }, everyMs);

  return {
    clientIds: async () => [writer.doc.clientID, reader.doc.clientID],
    async finish() {
      clearInterval(timer);
      await waitFor(() => reader.text.length >= edits, 'the honest edits to arrive', 30_000);
      const expected = writer.text.toString();
      const fresh: TestClient = connectClient(url, docId, { params: options.params });
      await synced(fresh);
      const nothingLost = fresh.text.toString() === expected && expected.length === edits;
      for (const c of [writer, reader, fresh]) c.destroy();
      return { edits, latencies, p99: percentile(latencies, 99), closeCodes, nothingLost };
    },
  };
}

/**
 * The Yjs state of a document of about `bytes` of text (paragraph-sized inserts into root text
 * `t`), to import with `POST /api/docs/:id/import?format=yjs` as an attack's large document.
 */
export async function largeDocState(bytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const Y = await import('yjs');
  const doc = new Y.Doc();
  const text = doc.getText('t');
  const paragraph = 'lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(2) + '\n';
  doc.transact(() => {
    for (let size = 0; size < bytes; size += paragraph.length) text.insert(text.length, paragraph);
  });
  return new Uint8Array(Y.encodeStateAsUpdate(doc)); // backed by an ArrayBuffer, as fetch bodies must be
}
