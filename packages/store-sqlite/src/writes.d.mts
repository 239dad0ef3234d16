// Types of writes.mjs for packages that type-check this one from source (without allowJs).
import type { Database } from 'better-sqlite3';
import type { AppendItem } from './batch-wire.mjs';

/** Opens a connection to the store's file with the settings every connection of it uses. */
export function openDatabase(path: string, synchronous: 'full' | 'normal' | undefined): Database;

/** Every write of the store, each one transaction. */
export function prepareWrites(db: Database): {
  commit: (batch: readonly AppendItem[], t: number) => number[];
  compact: (docId: string, snapshot: Uint8Array, through: number) => void;
  remove: (docId: string) => boolean;
  saveVersion: (docId: string, kind: string, label: string | null, authors: string, createdAt: number, state: Uint8Array) => number;
  trash: (docId: string, deletedAt: number) => boolean;
  untrash: (docId: string) => boolean;
};
