import type { Node as PMNode } from 'prosemirror-model';

/** A block's height guessed before any block was measured (a line and a paragraph's margin, in px). */
export const GUESSED_HEIGHT = 40;

/**
 * The heights of a large document's top-level blocks, for the viewport window (viewport-window.ts),
 * which takes the far blocks out of layout and stands a spacer of their height in their place.
 * A block shown on screen is measured (its pitch: top to the next block's top, margins included)
 * and remembered by its node, which ProseMirror never changes in place: an edited block is a new
 * node and is measured again. A block never shown is estimated from the blocks of its type that
 * were, scaled by its size (a long paragraph wraps to more lines).
 */
export class BlockHeights {
  private known = new WeakMap<PMNode, number>();
  /** Per node type: sum of measured pitches, of their text lengths (+1 each), and how many. */
  private byType = new Map<string, { height: number; chars: number; count: number }>();
  private all = { height: 0, count: 0 };

  /** Whether any block was measured yet (before that, estimates are guesses). */
  get measured(): boolean {
    return this.all.count > 0;
  }

  /** Remembers a block's measured pitch in px. */
  record(node: PMNode, height: number): void {
    if (!(height > 0) || this.known.get(node) === height) return;
    const first = !this.known.has(node);
    this.known.set(node, height);
    if (!first) return;
    const type = this.byType.get(node.type.name) ?? { height: 0, chars: 0, count: 0 };
    type.height += height;
    type.chars += node.content.size + 1;
    type.count++;
    this.byType.set(node.type.name, type);
    this.all.height += height;
    this.all.count++;
  }

  /** The block's pitch: measured, else estimated from its type's (or every block's) average. */
  estimate(node: PMNode): number {
    const known = this.known.get(node);
    if (known !== undefined) return known;
    const type = this.byType.get(node.type.name);
    if (type && type.count) {
      const perChar = type.height / type.chars;
      const average = type.height / type.count;
      // text length moves the estimate, within a factor of four of the type's average either way
      const byLength = perChar * (node.content.size + 1);
      return Math.min(average * 4, Math.max(average / 4, byLength));
    }
    return this.all.count ? this.all.height / this.all.count : GUESSED_HEIGHT;
  }

  /** Forgets every measure (the width changed, so every block may wrap differently). */
  reset(): void {
    this.known = new WeakMap();
    this.byType.clear();
    this.all = { height: 0, count: 0 };
  }
}
