import type { Node, Schema, Slice } from 'prosemirror-model';
import { Fragment, Slice as PMSlice } from 'prosemirror-model';
import { type Command, Plugin, PluginKey } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { FileQueue } from './file-queue.js';
import { dataUriToBlob, type FileTarget, fetchImage, isOwnFile, UploadRefused, uploadFile } from './uploads.js';

/** Raster types the server keeps as images; any other file becomes an attachment. */
const IMAGE_TYPES = /^image\/(png|jpeg|gif|webp|avif|tiff)$/;

/** What the media plugin needs from its editor. */
export interface MediaOptions {
  schema: Schema;
  target: FileTarget;
  queue: FileQueue;
  /** Local copies of files not uploaded yet, by pending id, for showing them (object URLs). */
  local: Map<string, Blob>;
  /** Told about an upload the server refused (too large, not an image...). */
  onError(message: string): void;
}

/** The media plugin's handle: add files, and upload what waits. */
export interface Media {
  plugin: Plugin;
  /** Adds files at `pos` (default: after the selection's block): images as images, the rest as attachments. */
  addFiles(view: EditorView, files: readonly File[], pos?: number): void;
  /** Looks for pending files and pasted images to upload now (called on reconnect and on load). */
  kick(view: EditorView): void;
}

export const mediaKey = new PluginKey('tandem-media');

const newLocalId = () => `local-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/**
 * Top-level blocks known to hold no image or attachment. Nodes are immutable and an unchanged
 * block stays the same object from one document to the next, so after a keystroke in a 5,000-block
 * document only the changed block is searched again.
 */
const withoutMedia = new WeakSet<Node>();

/** Positions of the image and attachment nodes matching `test`. */
function findNodes(doc: Node, test: (node: Node) => boolean): { node: Node; pos: number }[] {
  const out: { node: Node; pos: number }[] = [];
  doc.forEach((block, offset) => {
    if (withoutMedia.has(block)) return;
    let media = false;
    const visit = (node: Node, pos: number) => {
      if (node.type.name === 'image' || node.type.name === 'attachment') {
        media = true;
        if (test(node)) out.push({ node, pos });
      }
      return !node.isAtom;
    };
    if (visit(block, offset)) block.descendants((node, pos) => visit(node, offset + 1 + pos));
    if (!media) withoutMedia.add(block);
  });
  return out;
}

/** Maps every node of a slice (images pasted with data: URIs get a pending id). */
function mapSlice(slice: Slice, fn: (node: Node) => Node): Slice {
  const mapFragment = (fragment: Fragment): Fragment => {
    const nodes: Node[] = [];
    fragment.forEach((child) => nodes.push(fn(child.isLeaf ? child : child.copy(mapFragment(child.content)))));
    return Fragment.from(nodes);
  };
  return new PMSlice(mapFragment(slice.content), slice.openStart, slice.openEnd);
}

/**
 * Images and attachments: pasting, dropping or picking files inserts them at once (shown from a
 * local copy kept in IndexedDB) and uploads them to the document's files; the node's `src` then
 * switches to the stored file. Offline, files wait in IndexedDB and are uploaded on reconnect.
 * Pasted `data:` images and images from other pages the browser may read become uploaded files.
 */
export function createMedia(options: MediaOptions): Media {
  const { schema, target, queue, local } = options;
  const inFlight = new Set<string>();
  const triedUrls = new Set<string>();
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const keep = (blob: Blob, name: string): string => {
    const id = newLocalId();
    local.set(id, blob);
    void queue.put({ id, key: `${target.server}|${target.doc}`, blob, name }).catch(() => {});
    return id;
  };

  const nodeFor = (blob: Blob, name: string): Node => {
    const pending = keep(blob, name);
    if (IMAGE_TYPES.test(blob.type)) return schema.nodes.image!.create({ pending, alt: name.replace(/\.[^.]+$/, '') });
    return schema.nodes.attachment!.create({ pending, name, size: blob.size, type: blob.type });
  };

  /** Sets attrs on every node that still waits for `pending`. */
  const settle = (view: EditorView, match: (node: Node) => boolean, attrs: Record<string, unknown> | null) => {
    if (view.isDestroyed) return;
    const found = findNodes(view.state.doc, match);
    if (found.length === 0) return;
    const tr = view.state.tr;
    for (const { node, pos } of found.reverse()) {
      if (attrs) tr.setNodeMarkup(pos, null, { ...node.attrs, ...attrs });
      else tr.delete(pos, pos + node.nodeSize);
    }
    view.dispatch(tr.setMeta('addToHistory', false));
  };

  const scheduleRetry = (view: EditorView) => {
    if (retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      kick(view);
    }, 5000);
  };

  const uploadPending = async (view: EditorView, node: Node) => {
    const id = node.attrs.pending as string;
    const file = await queue.get(id);
    if (!file) return; // added in another browser: that one uploads it
    local.set(id, file.blob);
    const isImage = node.type.name === 'image';
    try {
      const stored = await uploadFile(target, file.blob, file.name, isImage ? 'image' : 'file');
      const attrs = isImage ? { src: stored.url, pending: null } : { src: stored.url, pending: null, name: stored.name, size: stored.size, type: stored.type };
      settle(view, (n) => n.attrs.pending === id, attrs);
      await queue.delete(id);
    } catch (err) {
      if (err instanceof UploadRefused) {
        settle(view, (n) => n.attrs.pending === id, null);
        await queue.delete(id);
        options.onError(`${file.name}: ${err.message}`);
      } else scheduleRetry(view);
    }
  };

  const uploadFromUrl = async (view: EditorView, src: string) => {
    const blob = src.startsWith('data:') ? dataUriToBlob(src) : await fetchImage(target, src);
    if (!blob || !IMAGE_TYPES.test(blob.type)) return; // stays a link to where it is
    const name = src.startsWith('data:') ? 'pasted-image' : decodeURIComponent(new URL(src, target.server).pathname.split('/').pop() || 'image');
    const pending = keep(blob, name);
    settle(view, (n) => n.type.name === 'image' && n.attrs.src === src && !n.attrs.pending, { src: '', pending });
    kick(view);
  };

  function kick(view: EditorView): void {
    if (view.isDestroyed) return;
    for (const { node } of findNodes(view.state.doc, () => true)) {
      const pending = node.attrs.pending as string | null;
      const src = node.attrs.src as string;
      if (pending) {
        if (inFlight.has(pending)) continue;
        inFlight.add(pending);
        void uploadPending(view, node).finally(() => inFlight.delete(pending));
      } else if (node.type.name === 'image' && src && !isOwnFile(target, src) && !triedUrls.has(src) && view.editable) {
        triedUrls.add(src);
        void uploadFromUrl(view, src);
      }
    }
  }

  const addFiles = (view: EditorView, files: readonly File[], pos?: number) => {
    if (files.length === 0 || !view.editable) return;
    const nodes = files.map((f) => nodeFor(f, f.name || 'file'));
    const { state } = view;
    const $from = state.selection.$from;
    const at = pos ?? ($from.depth > 0 ? $from.after(1) : $from.pos);
    view.dispatch(state.tr.insert(at, nodes).scrollIntoView());
    kick(view);
  };

  const plugin = new Plugin({
    key: mediaKey,
    props: {
      handlePaste(view, event) {
        const files = Array.from(event.clipboardData?.files ?? []);
        if (files.length === 0) return false;
        addFiles(view, files);
        return true;
      },
      handleDrop(view, event) {
        const files = Array.from((event as DragEvent).dataTransfer?.files ?? []);
        if (files.length === 0) return false;
        event.preventDefault();
        const at = view.posAtCoords({ left: event.clientX, top: event.clientY });
        let pos: number | undefined;
        if (at) {
          const $pos = view.state.doc.resolve(at.pos);
          pos = $pos.depth > 0 ? $pos.after(1) : $pos.pos;
        }
        addFiles(view, files, pos);
        return true;
      },
      transformPasted(slice) {
        // data: images become files kept locally (uploaded by the view below), never stored in the document
        return mapSlice(slice, (node) => {
          if (node.type.name !== 'image' || !String(node.attrs.src).startsWith('data:')) return node;
          const blob = dataUriToBlob(node.attrs.src as string);
          if (!blob || !IMAGE_TYPES.test(blob.type)) return schema.nodes.paragraph!.create();
          return node.type.create({ ...node.attrs, src: '', pending: keep(blob, 'pasted-image') });
        });
      },
    },
    view(view) {
      setTimeout(() => kick(view), 0);
      const online = () => kick(view);
      globalThis.addEventListener?.('online', online);
      return {
        update(v, prev) {
          if (v.state.doc !== prev.doc) kick(v);
        },
        destroy() {
          globalThis.removeEventListener?.('online', online);
          if (retryTimer) clearTimeout(retryTimer);
        },
      };
    },
  });

  return { plugin, addFiles, kick };
}

/** Opens the browser's file picker and adds the chosen files (images only when `accept` says so). */
export function pickFiles(media: Media, accept: string): Command {
  return (_state, dispatch, view) => {
    if (!view || !view.editable) return false;
    if (!dispatch) return true;
    const input = view.dom.ownerDocument.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.accept = accept;
    input.style.display = 'none';
    input.addEventListener('change', () => {
      media.addFiles(view, Array.from(input.files ?? []));
      input.remove();
    });
    view.dom.ownerDocument.body.append(input);
    input.click();
    return true;
  };
}
