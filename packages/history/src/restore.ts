import * as Y from 'yjs';
import type { LifecycleStore, VersionMeta } from '@tandem/store';
import type { SyncServer } from '@tandem/sync';
import { META_MAP, RESTORED_KEY } from '@tandem/document';
import { docFromState, replaceContent } from './replace-content.js';

/** What a restore did. */
export interface RestoreResult {
  /** The version that was restored. */
  restored: VersionMeta;
  /** The version holding the state just before the restore (restore it to undo). */
  before: VersionMeta;
}

/**
 * Restores a version as a new change on top of the current document: collaborators online keep
 * working and receive it like any edit. The state before the restore is kept as a version first.
 * Resolves null when the version does not exist.
 */
export async function restoreVersion(
  sync: SyncServer,
  store: LifecycleStore,
  docId: string,
  versionId: string,
  by: string | null = null,
): Promise<RestoreResult | null> {
  const version = await store.getVersion(docId, versionId);
  if (!version) return null;
  const current = await sync.snapshot(docId);
  const before = await store.saveVersion(docId, {
    kind: 'pre-restore',
    label: `Before restoring version ${versionId}`,
    authors: by ? [by] : [],
    state: current ? Y.encodeStateAsUpdate(current) : Y.encodeStateAsUpdate(new Y.Doc()),
  });
  current?.destroy();
  const source = docFromState(version.state);
  await sync.change(docId, (doc) => {
    replaceContent(doc, source);
    // an undo boundary: every editor clears its undo history when this key changes
    doc.getMap(META_MAP).set(RESTORED_KEY, { version: versionId, at: Date.now() });
  });
  source.destroy();
  const { state: _state, ...restored } = version;
  return { restored, before };
}
