import type { Node } from 'prosemirror-model';
import { NodeSelection } from 'prosemirror-state';
import type { EditorView, NodeView } from 'prosemirror-view';
import type { FileQueue } from './file-queue.js';
import { formatSize, safeSrc } from '@tandem/document/schema';
import { type FileTarget, resolveFileUrl } from './uploads.js';

/** What the image and attachment views need to show a file. */
export interface MediaViewContext {
  target: FileTarget;
  queue: FileQueue;
  local: Map<string, Blob>;
}

/** Shows a pending file from its local copy (memory, else IndexedDB) as an object URL; null when this browser has none. */
async function localUrl(ctx: MediaViewContext, pending: string): Promise<string | null> {
  const blob = ctx.local.get(pending) ?? (await ctx.queue.get(pending))?.blob ?? null;
  return blob ? URL.createObjectURL(blob) : null;
}

const WIDTHS: [string, number | null][] = [
  ['S', 25],
  ['M', 50],
  ['L', 75],
  ['Full', 100],
  ['Auto', null],
];

/**
 * An image block: the picture (lazy-loaded from the stored file, or from this browser's copy while
 * it uploads), its caption, and while selected a small form for alt text, caption and width.
 */
export class ImageView implements NodeView {
  dom: HTMLElement;
  private img: HTMLImageElement;
  private caption: HTMLElement;
  private tools: HTMLElement;
  private note: HTMLElement;
  private objectUrl: string | null = null;
  private shownSrc = '';

  constructor(
    private node: Node,
    private view: EditorView,
    private getPos: () => number | undefined,
    private ctx: MediaViewContext,
  ) {
    const doc = view.dom.ownerDocument;
    this.dom = doc.createElement('figure');
    this.dom.className = 'tandem-image';
    this.img = doc.createElement('img');
    this.img.loading = 'lazy';
    this.img.decoding = 'async';
    this.img.referrerPolicy = 'no-referrer';
    this.img.draggable = false;
    this.note = doc.createElement('span');
    this.note.className = 'tandem-image-note';
    this.caption = doc.createElement('figcaption');
    this.tools = this.buildTools(doc);
    this.dom.append(this.img, this.note, this.caption, this.tools);
    this.render();
  }

  private buildTools(doc: Document): HTMLElement {
    const tools = doc.createElement('div');
    tools.className = 'tandem-image-tools';
    tools.hidden = true;
    tools.contentEditable = 'false';
    const field = (label: string, attr: 'alt' | 'caption') => {
      const input = doc.createElement('input');
      input.type = 'text';
      input.placeholder = label;
      input.setAttribute('aria-label', label);
      input.dataset.attr = attr;
      input.addEventListener('change', () => this.setAttrs({ [attr]: input.value }));
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          this.setAttrs({ [attr]: input.value });
          this.view.focus();
        }
      });
      return input;
    };
    const widths = doc.createElement('span');
    widths.className = 'tandem-image-widths';
    widths.setAttribute('role', 'group');
    widths.setAttribute('aria-label', 'Image width');
    for (const [label, width] of WIDTHS) {
      const b = doc.createElement('button');
      b.type = 'button';
      b.className = 'tandem-button';
      b.textContent = label;
      b.dataset.width = String(width);
      b.addEventListener('click', () => this.setAttrs({ width }));
      widths.append(b);
    }
    tools.append(field('Alt text (describes the image)', 'alt'), field('Caption', 'caption'), widths);
    return tools;
  }

  private setAttrs(attrs: Record<string, unknown>) {
    const pos = this.getPos();
    if (pos === undefined || !this.view.editable) return;
    const tr = this.view.state.tr.setNodeMarkup(pos, null, { ...this.node.attrs, ...attrs });
    this.view.dispatch(tr.setSelection(NodeSelection.create(tr.doc, pos)));
  }

  private render() {
    const { src, alt, caption, width, pending } = this.node.attrs as { src: string; alt: string; caption: string; width: number | null; pending: string | null };
    this.img.alt = alt;
    this.img.style.width = width ? `${width}%` : '';
    this.caption.textContent = caption;
    this.caption.hidden = !caption;
    this.dom.dataset.state = pending ? 'uploading' : 'stored';
    for (const input of this.tools.querySelectorAll<HTMLInputElement>('input')) {
      if (input.ownerDocument.activeElement !== input) input.value = String(this.node.attrs[input.dataset.attr!] ?? '');
    }
    const key = pending ? `pending:${pending}` : `src:${src}`;
    if (key === this.shownSrc) return;
    this.shownSrc = key;
    this.note.textContent = '';
    if (pending) {
      void localUrl(this.ctx, pending).then((url) => {
        if (this.shownSrc !== key) {
          if (url) URL.revokeObjectURL(url);
          return;
        }
        if (url) this.show(url, true);
        else {
          this.img.removeAttribute('src');
          this.note.textContent = 'Uploading from another device…';
        }
      });
    } else {
      const safe = safeSrc(src);
      if (safe) this.show(resolveFileUrl(this.ctx.target, safe), false);
      else this.img.removeAttribute('src');
    }
  }

  private show(url: string, isObjectUrl: boolean) {
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = isObjectUrl ? url : null;
    this.img.src = url;
  }

  update(node: Node): boolean {
    if (node.type !== this.node.type) return false;
    this.node = node;
    this.render();
    return true;
  }

  selectNode() {
    this.dom.classList.add('ProseMirror-selectednode');
    this.tools.hidden = !this.view.editable;
  }

  deselectNode() {
    this.dom.classList.remove('ProseMirror-selectednode');
    this.tools.hidden = true;
  }

  stopEvent(event: Event): boolean {
    return this.tools.contains(event.target as globalThis.Node);
  }

  ignoreMutation(): boolean {
    return true;
  }

  destroy() {
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
  }
}

/** An attachment block: file name, size and a download link (the stored file, or "uploading"). */
export class AttachmentView implements NodeView {
  dom: HTMLElement;
  private link: HTMLAnchorElement;
  private meta: HTMLElement;

  constructor(
    private node: Node,
    view: EditorView,
    private ctx: MediaViewContext,
  ) {
    const doc = view.dom.ownerDocument;
    this.dom = doc.createElement('div');
    this.dom.className = 'tandem-attachment';
    this.dom.dataset.attachment = '';
    const icon = doc.createElement('span');
    icon.className = 'tandem-attachment-icon';
    icon.setAttribute('aria-hidden', 'true');
    icon.innerHTML = '<svg viewBox="0 0 24 24"><path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z"/><path d="M14 3v5h5"/></svg>';
    this.link = doc.createElement('a');
    this.link.rel = 'noopener noreferrer';
    this.meta = doc.createElement('span');
    this.meta.className = 'tandem-attachment-meta';
    this.dom.append(icon, this.link, this.meta);
    this.render();
  }

  private render() {
    const { src, name, size, pending } = this.node.attrs as { src: string; name: string; size: number; pending: string | null };
    this.link.textContent = name;
    this.link.download = name;
    this.dom.dataset.state = pending ? 'uploading' : 'stored';
    const safe = safeSrc(src);
    if (!pending && safe) this.link.href = resolveFileUrl(this.ctx.target, safe, true);
    else this.link.removeAttribute('href');
    this.meta.textContent = pending ? `${formatSize(size)} · uploading…` : formatSize(size);
  }

  update(node: Node): boolean {
    if (node.type !== this.node.type) return false;
    this.node = node;
    this.render();
    return true;
  }

  stopEvent(event: Event): boolean {
    // let the download link work with a plain click
    return event.type === 'click' && (event.target as Element).closest?.('a[href]') !== null;
  }

  ignoreMutation(): boolean {
    return true;
  }
}
