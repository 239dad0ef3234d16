import type MarkdownIt from 'markdown-it';
import type { ParseSpec } from 'prosemirror-markdown';

type Token = ReturnType<MarkdownIt['parse']>[number];
interface CoreState {
  tokens: Token[];
  Token: new (type: string, tag: string, nesting: -1 | 0 | 1) => Token;
}

/**
 * GFM table cells hold inline content, Tandem's cells hold blocks: wraps each cell's inline
 * token in a paragraph.
 */
function wrapCells(state: CoreState): void {
  const out: Token[] = [];
  for (let i = 0; i < state.tokens.length; i++) {
    const token = state.tokens[i]!;
    const prev = state.tokens[i - 1];
    if (token.type === 'inline' && prev && (prev.type === 'th_open' || prev.type === 'td_open')) {
      out.push(new state.Token('paragraph_open', 'p', 1), token, new state.Token('paragraph_close', 'p', -1));
    } else out.push(token);
  }
  state.tokens = out;
}

/**
 * Tandem's images are blocks: an image inside a paragraph is lifted out of it (the paragraph is
 * split around it; empty halves vanish) into an `image_block` token.
 */
function liftImages(state: CoreState): void {
  const out: Token[] = [];
  for (let i = 0; i < state.tokens.length; i++) {
    const open = state.tokens[i]!;
    const inline = state.tokens[i + 1];
    const close = state.tokens[i + 2];
    if (open.type !== 'paragraph_open' || inline?.type !== 'inline' || !inline.children?.some((c) => c.type === 'image')) {
      out.push(open);
      continue;
    }
    let run: Token[] = [];
    const flush = () => {
      while (run.length && (run[0]!.type === 'softbreak' || (run[0]!.type === 'text' && !run[0]!.content.trim()))) run.shift();
      while (run.length && (run.at(-1)!.type === 'softbreak' || (run.at(-1)!.type === 'text' && !run.at(-1)!.content.trim()))) run.pop();
      if (run.length === 0) return;
      if (run[0]!.type === 'text') run[0]!.content = run[0]!.content.trimStart();
      if (run.at(-1)!.type === 'text') run.at(-1)!.content = run.at(-1)!.content.trimEnd();
      const part = new state.Token('inline', '', 0);
      part.children = run;
      part.content = run.map((t) => t.content).join('');
      out.push(new state.Token('paragraph_open', 'p', 1), part, new state.Token('paragraph_close', 'p', -1));
      run = [];
    };
    for (const child of inline.children) {
      if (child.type !== 'image') {
        run.push(child);
        continue;
      }
      flush();
      const image = new state.Token('image_block', 'img', 0);
      image.attrs = [
        ['src', child.attrGet('src') ?? ''],
        ['alt', child.children?.map((c) => c.content).join('') ?? child.content],
        ['title', child.attrGet('title') ?? ''],
      ];
      out.push(image);
    }
    flush();
    i += close?.type === 'paragraph_close' ? 2 : 1;
  }
  state.tokens = out;
}

/** Teaches a markdown-it tokenizer GFM tables and block images. */
export function useRichMarkdown(md: MarkdownIt): void {
  md.enable('table');
  md.core.ruler.push('tandem_table_cells', wrapCells as unknown as Parameters<MarkdownIt['core']['ruler']['push']>[1]);
  md.core.ruler.push('tandem_block_images', liftImages as unknown as Parameters<MarkdownIt['core']['ruler']['push']>[1]);
}

/** How the rich tokens map to Tandem's nodes, for prosemirror-markdown's MarkdownParser. */
export const richTokens: Record<string, ParseSpec> = {
  table: { block: 'table' },
  thead: { ignore: true },
  tbody: { ignore: true },
  tr: { block: 'table_row' },
  th: { block: 'table_header' },
  td: { block: 'table_cell' },
  image_block: {
    node: 'image',
    getAttrs: (tok) => ({ src: tok.attrGet('src') ?? '', alt: tok.attrGet('alt') ?? '', caption: tok.attrGet('title') ?? '' }),
  },
};
