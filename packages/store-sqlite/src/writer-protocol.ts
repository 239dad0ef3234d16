/** One document's updates in a commit sent to the writer. */
export interface AppendItem {
  docId: string;
  updates: readonly Uint8Array[];
}

/** A request to the writer thread; `id` pairs it with its reply. */
export type WriterRequest = { id: number } & (
  | { op: 'commit'; batch: readonly AppendItem[]; t: number }
  | { op: 'compact'; docId: string; snapshot: Uint8Array; through: number }
  | { op: 'delete'; docId: string }
  | { op: 'close' }
);

/** The writer thread's answer to one request: its result, or why it failed. */
export type WriterReply = { id: number } & ({ ok: true; value: unknown } | { ok: false; message: string; code?: string });
