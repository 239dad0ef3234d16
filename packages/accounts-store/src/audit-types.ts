/** One entry of the audit log: who did what, when, from where, to which document. */
export interface AuditEntry {
  /** Sortable and unique across nodes (time, a counter, random). */
  id: string;
  /** When it happened, ms since the epoch. */
  at: number;
  /** What happened: the server event's type (`document.deleted`, `auth.sign_in_failed`...). */
  action: string;
  /** Who: `account`, `token`, `share`, `anonymous` or `system`. */
  actorKind: string;
  /** The account id or the token's subject (`admin` for the ADMIN_TOKEN); null when unknown. */
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  /** The client's address (after TRUST_PROXY) and User-Agent; null for the server's own doings. */
  ip: string | null;
  userAgent: string | null;
  docId: string | null;
  /** A small object saying more (each action's shape is in server-events.ts). */
  data: Record<string, unknown> | null;
}

/** What a query of the audit log picks: every given condition must hold. */
export interface AuditQuery {
  /** At or after (ms). */
  since?: number;
  /** Before (ms). */
  until?: number;
  /** An actor's id, email or name (case-insensitive), or a kind (`anonymous`, `system`...). */
  actor?: string;
  docId?: string;
  /** An action, or a family of them: `document.*`. */
  action?: string;
  /** How many (1-500, default 100). */
  limit?: number;
  /** Where the previous page ended (its `next`). */
  cursor?: string;
}

/** A page of the audit log, newest first; `next` is the cursor of the page after it (null: none). */
export interface AuditPage {
  entries: AuditEntry[];
  next: string | null;
}

/** Where the audit log is kept: appended to, read a page at a time newest first, pruned by age. */
export interface AuditStore {
  append(entry: AuditEntry): Promise<void>;
  query(query?: AuditQuery): Promise<AuditPage>;
  /** Deletes the entries older than `before` (ms); resolves with how many. */
  prune(before: number): Promise<number>;
  close(): Promise<void>;
}
