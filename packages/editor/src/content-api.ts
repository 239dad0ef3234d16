import { type Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { ySyncPluginKey } from 'y-prosemirror';
import { checkHtml, domToProseMirrorJSON, markdownToProseMirrorJSON, type PMNodeJSON, toHTML, toMarkdown } from '@tandem/document/formats';
import type { ContentChange } from './editor-events.js';
import { schema } from './schema.js';

/** The formats `setContent` takes. */
export type ContentFormat = 'json' | 'html' | 'markdown';

/** Reading and writing the content of a mounted editor (the handle's part of it). */
export interface ContentMethods {
  /** The document as ProseMirror JSON (what `GET /api/docs/:id/content` answers). */
  getJSON(): PMNodeJSON;
  /** An HTML fragment, as the server exports it. */
  getHTML(): string;
  /** Markdown (GFM tables, task lists), byte for byte what the server exports. */
  getMarkdown(): string;
  /** Plain text, one line per block. */
  getText(): string;
  /**
   * Replaces the content, as one change on the shared document (everyone online sees it; undo
   * takes it back). Strings are Markdown unless `format` says `html`. Throws when read-only or
   * when the content cannot be read.
   */
  setContent(content: PMNodeJSON | string, format?: ContentFormat): void;
}

/** The editor's content methods over its view; `editable` says whether this user may write. */
export function contentMethods(view: EditorView, editable: () => boolean): ContentMethods {
  const json = () => view.state.doc.toJSON() as PMNodeJSON;
  const parse = (content: PMNodeJSON | string, format: ContentFormat): PMNode => {
    if (format === 'json') {
      const node = schema.nodeFromJSON(typeof content === 'string' ? JSON.parse(content) : content);
      node.check();
      return node;
    }
    if (typeof content !== 'string') throw new TypeError(`setContent: ${format} content must be a string`);
    if (format === 'markdown') return schema.nodeFromJSON(markdownToProseMirrorJSON(content));
    checkHtml(content);
    const template = view.dom.ownerDocument.createElement('template'); // inert: no script runs, nothing loads
    template.innerHTML = content;
    return schema.nodeFromJSON(domToProseMirrorJSON(template.content));
  };
  return {
    getJSON: json,
    getHTML: () => toHTML(json()),
    getMarkdown: () => toMarkdown(json()),
    getText: () => {
      const lines: string[] = [];
      view.state.doc.descendants((node) => {
        if (!node.isTextblock) return true;
        lines.push(node.textBetween(0, node.content.size, '\n', ''));
        return false;
      });
      return lines.map((l) => `${l}\n`).join('');
    },
    setContent(content, format = typeof content === 'string' ? 'markdown' : 'json') {
      if (!editable()) throw new Error('setContent: this editor is read-only');
      const doc = parse(content, format);
      view.dispatch(view.state.tr.replaceWith(0, view.state.doc.content.size, doc.content));
    },
  };
}

const changeKey = new PluginKey<boolean>('tandem-change');

/** Reports every content change with its range, and whether this editor made it (not y-prosemirror applying a remote one). */
export function changeReporter(report: (change: ContentChange) => void): Plugin<boolean> {
  return new Plugin<boolean>({
    key: changeKey,
    state: {
      init: () => true,
      apply: (tr, local) => (tr.docChanged ? !(tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin : local),
    },
    view: () => ({
      update(view, prev) {
        if (view.state.doc.eq(prev.doc)) return;
        const from = prev.doc.content.findDiffStart(view.state.doc.content) ?? 0;
        const end = prev.doc.content.findDiffEnd(view.state.doc.content);
        report({ local: changeKey.getState(view.state) ?? true, from, to: Math.max(from, end?.b ?? from) });
      },
    }),
  });
}
