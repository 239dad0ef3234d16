import { type DOMOutputSpec, type MarkSpec, type Node, type NodeSpec, Schema } from 'prosemirror-model';
import { marks, nodes } from './schema.js';

/** What y-prosemirror puts on content that differs between two snapshots. */
export interface YChange {
  type: 'added' | 'removed';
  /** The author, when the document records one (PermanentUserData); usually undefined. */
  user?: string | null;
}

const changeAttrs = (change: YChange | null): Record<string, string> =>
  change ? { 'data-ychange': change.type, class: `tandem-${change.type}` } : {};

/** Adds the change attributes to the outermost element of a node's DOM output. */
function markOutput(spec: DOMOutputSpec, change: YChange | null): DOMOutputSpec {
  if (!change || !Array.isArray(spec)) return spec;
  const [tag, second, ...rest] = spec as [string, ...unknown[]];
  const isAttrs = second !== null && typeof second === 'object' && !Array.isArray(second) && !('nodeType' in (second as object));
  if (isAttrs) return [tag, { ...(second as Record<string, string>), ...changeAttrs(change) }, ...rest] as DOMOutputSpec;
  return (second === undefined ? [tag, changeAttrs(change)] : [tag, changeAttrs(change), second, ...rest]) as DOMOutputSpec;
}

function withChange(spec: NodeSpec): NodeSpec {
  const toDOM = spec.toDOM;
  return {
    ...spec,
    attrs: { ...spec.attrs, ychange: { default: null } },
    ...(toDOM ? { toDOM: (node: Node) => markOutput(toDOM(node), node.attrs.ychange as YChange | null) } : {}),
  };
}

/**
 * The `ychange` mark y-prosemirror sets on text added or removed between two snapshots. Rendered
 * as `<ins>` / `<del>` with `data-ychange="added|removed"` and class `tandem-added|tandem-removed`.
 */
export const ychangeMark: MarkSpec = {
  attrs: { user: { default: null }, type: { default: null }, color: { default: null } },
  inclusive: false,
  excludes: '',
  parseDOM: [],
  toDOM: (mark) => [mark.attrs.type === 'removed' ? 'del' : 'ins', changeAttrs(mark.attrs as YChange)],
};

/**
 * The editor's schema extended for showing versions: every node (but doc and text) takes the
 * `ychange` attribute and there is a `ychange` mark, so a y-prosemirror snapshot rendering
 * (`snapshot` / `prevSnapshot`) can mark additions and deletions.
 */
export const diffSchema = new Schema({
  nodes: Object.fromEntries(
    Object.entries(nodes).map(([name, spec]) => [name, name === 'doc' || name === 'text' ? spec : withChange(spec)]),
  ),
  marks: { ...marks, ychange: ychangeMark },
});
