import { InputRule, textblockTypeInputRule, wrappingInputRule } from 'prosemirror-inputrules';
import type { Schema } from 'prosemirror-model';
import { findWrapping } from 'prosemirror-transform';
import { buildInlineRules } from './inline-rules.js';

/**
 * The Markdown-style shortcuts typed at the start of a block: `# `..`### ` headings, `- ` / `* `
 * bullets, `1. ` numbered lists, `> ` quotes, three backticks for code, `[ ] ` / `[x] ` tasks and
 * `---` for a rule; and inline Markdown anywhere (see inline-rules.ts).
 */
export function buildInputRules(schema: Schema): InputRule[] {
  const n = schema.nodes;
  return [
    textblockTypeInputRule(/^(#{1,3})\s$/, n.heading!, (match) => ({ level: match[1]!.length })),
    taskListRule(schema),
    wrappingInputRule(/^\s*([-+*])\s$/, n.bullet_list!),
    wrappingInputRule(
      /^(\d+)\.\s$/,
      n.ordered_list!,
      (match) => ({ order: Number(match[1]) }),
      (match, node) => node.childCount + (node.attrs.order as number) === Number(match[1]),
    ),
    wrappingInputRule(/^\s*>\s$/, n.blockquote!),
    textblockTypeInputRule(/^```$/, n.code_block!),
    new InputRule(/^(?:---|___|\*\*\*)$/, (state, _match, start) => {
      const $start = state.doc.resolve(start);
      if ($start.parent.type !== n.paragraph || $start.depth < 1) return null;
      return state.tr
        .replaceWith($start.before(), $start.after(), [n.horizontal_rule!.create(), n.paragraph!.create()])
        .scrollIntoView();
    }),
    ...buildInlineRules(schema),
  ];
}

/** `[ ] ` starts a task list, `[x] ` one whose first item is already checked. */
function taskListRule(schema: Schema): InputRule {
  return new InputRule(/^\s*\[( |x|X)?\]\s$/, (state, match, start, end) => {
    const tr = state.tr.delete(start, end);
    const range = tr.doc.resolve(start).blockRange();
    const wrapping = range && findWrapping(range, schema.nodes.task_list!);
    if (!range || !wrapping) return null;
    const checked = match[1] === 'x' || match[1] === 'X';
    wrapping[wrapping.length - 1] = { type: schema.nodes.task_item!, attrs: { checked } };
    tr.wrap(range, wrapping);
    return tr;
  });
}
