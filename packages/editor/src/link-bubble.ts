import type { Mark, MarkType, ResolvedPos, Schema } from 'prosemirror-model';
import { type EditorState, Plugin, PluginKey } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { normalizeLink } from './link-url.js';
import { listen } from './listen.js';

/** A link in the document: the whole run of text carrying the same link mark. */
export interface LinkRange {
  from: number;
  to: number;
  href: string;
  mark: Mark;
}

/**
 * The link around `$pos` (the text after it, else before it), extended to the whole run of
 * text with that same mark; with `to`, only when `$pos..to` lies inside that run.
 */
export function linkRangeAt($pos: ResolvedPos, type: MarkType, to = $pos.pos): LinkRange | null {
  const parent = $pos.parent;
  if (!parent.inlineContent) return null;
  const mark = type.isInSet($pos.nodeAfter?.marks ?? []) ?? (to === $pos.pos ? type.isInSet($pos.nodeBefore?.marks ?? []) : undefined);
  if (!mark) return null;
  const start = $pos.start();
  let run: [number, number] | null = null;
  let found: [number, number] | null = null;
  parent.forEach((child, offset) => {
    const a = start + offset;
    const b = a + child.nodeSize;
    if (!mark.isInSet(child.marks)) return void (run = null);
    run = run ? [run[0], b] : [a, b];
    if (run[0] <= $pos.pos && b >= $pos.pos) found = run;
  });
  const range = found as [number, number] | null;
  if (!range || to > range[1]) return null;
  return { from: range[0], to: range[1], href: String(mark.attrs.href), mark };
}

/** The link the selection is in, if it lies inside one. */
export function selectedLink(state: EditorState, type: MarkType): LinkRange | null {
  const { $from, to } = state.selection;
  return linkRangeAt($from, type, to);
}

/** Where a read-only editor's reader last clicked a link (mapped through changes), or null. */
const pinnedKey = new PluginKey<number | null>('tandem-link-pinned');

/**
 * A small bubble under the link the cursor is in: its address, Open (a new tab, no opener),
 * Edit (in place: Enter applies, Escape cancels) and Remove (unlinks the whole link). It follows
 * the editor in the DOM, so Tab from the text reaches it; Escape returns to the text. In a
 * read-only editor a click on a link shows the bubble with Open only (instead of following it).
 */
export function linkBubble(schema: Schema): Plugin {
  const type = schema.marks.link!;
  return new Plugin<number | null>({
    key: pinnedKey,
    state: {
      init: () => null,
      apply(tr, pinned) {
        const meta = tr.getMeta(pinnedKey) as number | null | undefined;
        if (meta !== undefined) return meta;
        return pinned === null ? null : tr.mapping.map(pinned);
      },
    },
    props: {
      handleDOMEvents: {
        click(view, event) {
          if (view.editable) return false;
          const a = (event.target as Element | null)?.closest?.('a[href]');
          const at = a && view.dom.contains(a) ? view.posAtCoords({ left: event.clientX, top: event.clientY }) : null;
          if (at) event.preventDefault(); // the bubble's Open follows it; a stray click does not leave the page
          const pos = at ? at.pos : null;
          if (pos !== pinnedKey.getState(view.state)) view.dispatch(view.state.tr.setMeta(pinnedKey, pos));
          return false;
        },
      },
    },
    view: (view) => new LinkBubbleView(view, type),
  });
}

class LinkBubbleView {
  readonly dom: HTMLElement;
  private readonly url: HTMLElement;
  private readonly open: HTMLAnchorElement;
  private readonly edit: HTMLButtonElement;
  private readonly remove: HTMLButtonElement;
  private readonly form: HTMLFormElement;
  private readonly input: HTMLInputElement;
  private readonly error: HTMLElement;
  private link: LinkRange | null = null;
  private editing = false;
  /** Escape closed the bubble: it stays closed until the selection moves. */
  private dismissedAt: number | null = null;
  private readonly unlisten: (() => void)[];

  constructor(
    private readonly view: EditorView,
    private readonly type: MarkType,
  ) {
    const doc = view.dom.ownerDocument;
    const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text = '') => {
      const node = doc.createElement(tag);
      node.className = className;
      node.textContent = text;
      return node;
    };
    this.dom = el('div', 'tandem-link-bubble');
    this.dom.setAttribute('role', 'group');
    this.dom.setAttribute('aria-label', 'Link');
    this.dom.hidden = true;
    this.url = el('span', 'tandem-link-url');
    this.open = el('a', 'tandem-button tandem-link-open', 'Open');
    this.open.target = '_blank';
    this.open.rel = 'noopener noreferrer';
    this.edit = el('button', 'tandem-button', 'Edit');
    this.remove = el('button', 'tandem-button', 'Remove');
    for (const b of [this.edit, this.remove]) b.type = 'button';
    this.edit.setAttribute('aria-label', 'Edit link');
    this.remove.setAttribute('aria-label', 'Remove link');
    this.open.setAttribute('aria-label', 'Open link in a new tab');
    this.form = el('form', 'tandem-link-edit');
    this.form.hidden = true;
    this.input = el('input', '');
    this.input.type = 'text'; // a browser's url validation refuses example.com/page
    this.input.inputMode = 'url';
    this.input.autocomplete = 'off';
    this.input.setAttribute('aria-label', 'Link address');
    this.error = el('span', 'tandem-link-error');
    this.error.setAttribute('role', 'alert');
    this.form.append(this.input);
    this.dom.append(this.url, this.open, this.edit, this.remove, this.form, this.error);
    view.dom.parentNode?.insertBefore(this.dom, view.dom.nextSibling);

    const refreshSoon = () => setTimeout(() => !view.isDestroyed && this.update(view), 0);
    this.unlisten = [
      listen(this.edit, 'click', () => this.startEdit()),
      listen(this.remove, 'click', () => this.unlink()),
      listen(this.form, 'submit', (e) => {
        e.preventDefault();
        this.apply();
      }),
      listen(this.dom, 'keydown', (e) => this.onKey(e)),
      listen(this.dom, 'mousedown', (e) => {
        // keep the editor's focus and selection while pressing a button
        if (!(e.target as Element).closest('input')) e.preventDefault();
      }),
      listen(this.dom, 'focusout', refreshSoon),
      listen(view.dom as HTMLElement, 'focusout', refreshSoon),
      listen(view.dom as HTMLElement, 'focus', refreshSoon),
    ];
    this.update(view);
  }

  update(view: EditorView): void {
    const state = view.state;
    const pinned = pinnedKey.getState(state) ?? null;
    const link = view.editable ? selectedLink(state, this.type) : pinned === null ? null : linkRangeAt(state.doc.resolve(pinned), this.type);
    if (this.dismissedAt !== null && this.dismissedAt !== state.selection.from) this.dismissedAt = null;
    const active = (view.root as Document).activeElement;
    const focused = view.hasFocus() || this.dom.contains(active);
    const show = link !== null && this.dismissedAt === null && (view.editable ? focused : true);
    if (!show) {
      if (!this.dom.hidden && this.dom.contains(active) && link === null) view.focus();
      this.hide();
      return;
    }
    if (this.editing && (!view.editable || !this.dom.contains(active))) this.stopEdit();
    this.link = link;
    this.url.textContent = link.href;
    this.url.title = link.href;
    this.open.href = link.href;
    this.edit.hidden = this.remove.hidden = !view.editable;
    this.dom.hidden = false;
    this.place(link.from);
  }

  destroy(): void {
    for (const off of this.unlisten) off();
    this.dom.remove();
  }

  private hide(): void {
    this.dom.hidden = true;
    this.link = null;
    this.stopEdit();
  }

  /** Puts the bubble under the link's start, inside the editor's width (a phone's too). */
  private place(pos: number): void {
    const parent = this.dom.offsetParent as HTMLElement | null;
    if (!parent) return;
    const box = parent.getBoundingClientRect();
    const at = this.view.coordsAtPos(pos, 1);
    const width = this.dom.offsetWidth;
    const left = Math.max(8, Math.min(at.left - box.left, box.width - width - 8));
    this.dom.style.left = `${left}px`;
    this.dom.style.top = `${at.bottom - box.top + 6}px`;
  }

  private startEdit(): void {
    if (!this.link || !this.view.editable) return;
    this.editing = true;
    this.dom.classList.add('tandem-link-editing');
    this.form.hidden = false;
    this.error.textContent = '';
    this.input.removeAttribute('aria-invalid');
    this.input.value = this.link.href;
    this.input.focus();
    this.input.select();
  }

  private stopEdit(): void {
    if (!this.editing) return;
    this.editing = false;
    this.dom.classList.remove('tandem-link-editing');
    this.form.hidden = true;
    this.error.textContent = '';
  }

  private apply(): void {
    const link = this.link;
    if (!link) return;
    const href = normalizeLink(this.input.value);
    if (href === null) {
      this.input.setAttribute('aria-invalid', 'true');
      this.error.textContent = 'Not a link address (https://…, example.com, name@example.com)';
      return;
    }
    this.stopEdit();
    const tr = this.view.state.tr.removeMark(link.from, link.to, this.type).addMark(link.from, link.to, this.type.create({ ...link.mark.attrs, href }));
    this.view.dispatch(tr);
    this.view.focus();
  }

  private unlink(): void {
    const link = this.link;
    if (!link || !this.view.editable) return;
    this.view.dispatch(this.view.state.tr.removeMark(link.from, link.to, this.type));
    this.view.focus();
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    if (this.editing) {
      this.stopEdit();
      this.view.focus();
      return;
    }
    this.dismissedAt = this.view.state.selection.from;
    if (!this.view.editable) this.view.dispatch(this.view.state.tr.setMeta(pinnedKey, null));
    this.hide();
    this.view.focus();
  }
}
