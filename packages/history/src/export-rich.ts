import type { PMNodeJSON } from './formats.js';

export { formatSize as humanSize } from '@tandem/document/schema';

/** Options of the Markdown and HTML exports. */
export interface ExportOptions {
  /**
   * Origin the document's stored files are served from (`https://docs.example.com`): their
   * relative URLs become absolute, so the exported file's images and attachments still load.
   */
  baseUrl?: string;
}

/** A file URL as exported: stored files (`/api/...`) made absolute against `baseUrl`. */
export function exportUrl(src: unknown, options: ExportOptions = {}): string {
  const s = typeof src === 'string' ? src.trim() : '';
  if (!/^(https?:|\/)/i.test(s)) return '';
  if (s.startsWith('/') && options.baseUrl) return options.baseUrl.replace(/\/+$/, '') + s;
  return s;
}

/** The rows of a table as a grid of cells, with merged cells repeated where they span (for GFM). */
export function tableGrid(table: PMNodeJSON): { cells: (PMNodeJSON | null)[][]; header: boolean } {
  const rows = table.content ?? [];
  const grid: (PMNodeJSON | null)[][] = rows.map(() => []);
  rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row.content ?? []) {
      while (grid[r]![c] !== undefined) c++;
      const colspan = Math.max(1, Number(cell.attrs?.colspan) || 1);
      const rowspan = Math.max(1, Number(cell.attrs?.rowspan) || 1);
      for (let dr = 0; dr < rowspan && r + dr < rows.length; dr++) {
        for (let dc = 0; dc < colspan; dc++) grid[r + dr]![c + dc] = dr === 0 && dc === 0 ? cell : null;
      }
      c += colspan;
    }
  });
  const width = Math.max(1, ...grid.map((row) => row.length));
  const cells = grid.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? null));
  const header = (rows[0]?.content ?? []).length > 0 && (rows[0]!.content ?? []).every((cell) => cell.type === 'table_header');
  return { cells, header };
}

