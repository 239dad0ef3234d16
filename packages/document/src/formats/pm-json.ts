/** A ProseMirror node as JSON (`node.toJSON()`): what the formats read and write. */
export interface PMNodeJSON {
  type: string;
  attrs?: Record<string, unknown>;
  content?: PMNodeJSON[];
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  text?: string;
}
