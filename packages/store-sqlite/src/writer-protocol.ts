import type { PackedBatch } from './batch-wire.ts';

/** A request to the writer thread; `id` pairs it with its reply. */
export type WriterRequest = { id: number } & (
  | { op: 'commit'; batch: PackedBatch; t: number }
  | { op: 'compact'; docId: string; snapshot: Uint8Array; through: number }
  | { op: 'delete'; docId: string }
  | { op: 'saveVersion'; docId: string; kind: string; label: string | null; authors: string; createdAt: number; state: Uint8Array }
  | { op: 'trash'; docId: string; deletedAt: number }
  | { op: 'untrash'; docId: string }
  | { op: 'close' }
);

/** The writer thread's answer to one request: its result, or why it failed. */
export type WriterReply = { id: number } & ({ ok: true; value: unknown } | { ok: false; message: string; code?: string });
