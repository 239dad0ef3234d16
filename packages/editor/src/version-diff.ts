import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { ySyncPlugin, ySyncPluginKey } from 'y-prosemirror';
import * as Y from 'yjs';
import { diffSchema, type YChange } from './diff-schema.js';
import { FRAGMENT_NAME } from './editor.js';
import { adoptStyles } from './styles.js';

/** Options of `createVersionDiff`: two full encoded Yjs states of one document (as `Y.encodeStateAsUpdate` gives). */
export interface VersionDiffOptions {
  /** The older state (a version), shown with what was since removed struck through. */
  before: Uint8Array;
  /** The newer state (usually the current document); what it adds is marked as added. */
  after: Uint8Array;
  /** Accessible name of the read-only view (default: "Version"). */
  label?: string;
}

/** Characters added and removed between the two states, as shown. */
export interface DiffCounts {
  added: number;
  removed: number;
}

/** A mounted read-only comparison. `destroy()` removes everything it created. */
export interface VersionDiff {
  readonly view: EditorView;
  /** The history document holding both states (kept without garbage collection). */
  readonly doc: Y.Doc;
  /** Resolves once the comparison is rendered (y-prosemirror renders snapshots on the next tick). */
  readonly rendered: Promise<void>;
  /** Counts of changed characters in the rendered comparison. */
  counts(): DiffCounts;
  destroy(): void;
}

/** Counts the characters carrying an added or removed `ychange` mark or inside a changed node. */
export function countChanges(doc: import('prosemirror-model').Node): DiffCounts {
  const counts: DiffCounts = { added: 0, removed: 0 };
  const walk = (node: import('prosemirror-model').Node, inherited: YChange['type'] | null) => {
    const own = (node.attrs.ychange as YChange | null | undefined)?.type ?? inherited;
    if (node.isText) {
      const mark = node.marks.find((m) => m.type.name === 'ychange');
      const type = (mark?.attrs.type as YChange['type'] | undefined) ?? own;
      if (type) counts[type] += node.text!.length;
      return;
    }
    node.forEach((child) => walk(child, own));
  };
  walk(doc, null);
  return counts;
}

/**
 * Shows, read-only, how a document changed between two of its states: y-prosemirror renders the
 * newer state with what was added since the older one marked (`<ins data-ychange="added">`) and
 * what was removed struck through (`<del data-ychange="removed">`); whole blocks carry the same
 * `data-ychange` attribute. Mounted into `element` with the editor's styles.
 */
export function createVersionDiff(element: HTMLElement, options: VersionDiffOptions): VersionDiff {
  const ownerDocument = element.ownerDocument;
  const rootNode = element.getRootNode();
  const inShadow = rootNode.nodeType === 11 && 'host' in rootNode;
  const releaseStyles = adoptStyles(inShadow ? (rootNode as ShadowRoot) : ownerDocument);

  // One document without garbage collection holds both states, so deleted content stays readable.
  const doc = new Y.Doc({ gc: false });
  Y.applyUpdate(doc, options.before);
  const before = Y.snapshot(doc);
  Y.applyUpdate(doc, options.after);
  const after = Y.snapshot(doc);

  const root = ownerDocument.createElement('div');
  root.className = 'tandem-editor tandem-diff';
  const surface = ownerDocument.createElement('div');
  surface.className = 'tandem-surface';
  root.append(surface);
  element.append(root);

  const view = new EditorView(surface, {
    state: EditorState.create({
      schema: diffSchema,
      // y-prosemirror names who made each change through PermanentUserData; ours is local and empty
      plugins: [ySyncPlugin(doc.getXmlFragment(FRAGMENT_NAME), { permanentUserData: new Y.PermanentUserData(doc) })],
    }),
    editable: () => false,
    dispatchTransaction(this: unknown, tr) {
      const self = this as EditorView;
      if (!self.isDestroyed) self.updateState(self.state.apply(tr));
    },
    attributes: { role: 'document', 'aria-label': options.label ?? 'Version', 'aria-readonly': 'true' },
  });
  view.dispatch(view.state.tr.setMeta(ySyncPluginKey, { snapshot: after, prevSnapshot: before }));
  // y-prosemirror renders a snapshot from a zero-delay timer scheduled by that dispatch; ours runs after it
  const rendered = new Promise<void>((resolve) => setTimeout(resolve, 0));

  let destroyed = false;
  return {
    view,
    doc,
    rendered,
    counts: () => countChanges(view.state.doc),
    destroy() {
      if (destroyed) return;
      destroyed = true;
      view.destroy();
      doc.destroy();
      root.remove();
      releaseStyles();
    },
  };
}
