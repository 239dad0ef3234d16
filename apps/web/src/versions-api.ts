import { withShare } from './api.js';
/** One version as the server lists it (GET /api/docs/:id/versions). */
export interface VersionInfo {
  id: string;
  kind: 'auto' | 'named' | 'pre-restore' | 'import' | string;
  label: string | null;
  authors: string[];
  /** ms since the epoch */
  createdAt: number;
  size: number;
}

/** Formats the server offers a document or version in. */
export type ExportFormat = 'md' | 'html' | 'json' | 'txt' | 'yjs';

/** An HTTP answer that was not a success, with the server's message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const docPath = (docId: string) => `/api/docs/${encodeURIComponent(docId)}`;

/** Where the current document can be downloaded in `format`. */
export const exportUrl = (docId: string, format: ExportFormat): string => `${docPath(docId)}/export?format=${format}`;

/** Where a version can be read in `format`. */
export const versionUrl = (docId: string, versionId: string, format: ExportFormat): string =>
  `${docPath(docId)}/versions/${encodeURIComponent(versionId)}?format=${format}`;

async function call(url: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(url, withShare(init));
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`.trim();
    try {
      const body = (await res.json()) as { error?: unknown };
      if (typeof body.error === 'string') message = body.error;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(res.status, message);
  }
  return res;
}

const postJson = (url: string, body: unknown) =>
  call(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** The document's versions, newest first; empty when the server has never stored the document. */
export async function listVersions(docId: string): Promise<VersionInfo[]> {
  try {
    const res = await call(`${docPath(docId)}/versions`);
    return ((await res.json()) as { versions: VersionInfo[] }).versions;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return [];
    throw err;
  }
}

/** Keeps the current state as a named version. */
export async function nameVersion(docId: string, label: string, author: string): Promise<VersionInfo> {
  return (await (await postJson(`${docPath(docId)}/versions`, { label, author })).json()) as VersionInfo;
}

/** A version's full encoded Yjs state. */
export async function versionState(docId: string, versionId: string): Promise<Uint8Array> {
  return new Uint8Array(await (await call(versionUrl(docId, versionId, 'yjs'))).arrayBuffer());
}

/** The current document's full encoded Yjs state, as the server holds it. */
export async function currentState(docId: string): Promise<Uint8Array> {
  return new Uint8Array(await (await call(exportUrl(docId, 'yjs'))).arrayBuffer());
}

/** Restores a version as a new change; resolves the version kept of the state just before. */
export async function restoreVersion(docId: string, versionId: string, author: string): Promise<{ before: VersionInfo }> {
  return (await (await postJson(`${docPath(docId)}/versions/${encodeURIComponent(versionId)}/restore`, { author })).json()) as {
    before: VersionInfo;
  };
}

const KIND_NAMES: Record<string, string> = {
  auto: 'Automatic version',
  named: 'Named version',
  'pre-restore': 'Before a restore',
  import: 'Imported',
};

/** The name a person sees for a version: its label, or what kind of version it is. */
export function versionTitle(version: Pick<VersionInfo, 'kind' | 'label'>): string {
  return version.label?.trim() || (KIND_NAMES[version.kind] ?? 'Version');
}

/** A short badge for the kind ("Named", "Auto", …). */
export function kindBadge(kind: string): string {
  return { auto: 'Auto', named: 'Named', 'pre-restore': 'Restore point', import: 'Import' }[kind] ?? kind;
}

/** "Ada, Bob and 2 others", or "" when nobody is recorded. */
export function authorList(authors: readonly string[]): string {
  const names = authors.filter((a) => a.trim());
  if (names.length <= 2) return names.join(' and ');
  if (names.length === 3) return `${names[0]}, ${names[1]} and ${names[2]}`;
  return `${names[0]}, ${names[1]} and ${names.length - 2} others`;
}

/** "Nov 30, 4:41 AM" (with the year when it is not this year). */
export function versionTime(ms: number, now = Date.now()): string {
  const date = new Date(ms);
  const sameYear = date.getFullYear() === new Date(now).getFullYear();
  return date.toLocaleString('en', {
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
    hour: 'numeric',
    minute: '2-digit',
  });
}
