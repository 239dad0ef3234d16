import { describe, expect, it } from 'vitest';
import { htmlToProseMirrorJSON, markdownToProseMirrorJSON, type PMNodeJSON } from './index.js';

const cellTexts = (table: PMNodeJSON) =>
  table.content!.map((row) => row.content!.map((cell) => `${cell.type === 'table_header' ? 'H:' : ''}${cell.content?.[0]?.content?.[0]?.text ?? ''}`));

describe('tables and images in Markdown and HTML imports', () => {
  it('reads a GFM table, header row first', () => {
    const doc = markdownToProseMirrorJSON('Intro\n\n| Name | Score |\n| ---- | ----: |\n| Ada | 10 |\n| Linus | 7 |\n\nAfter\n');
    expect(doc.content!.map((n) => n.type)).toEqual(['paragraph', 'table', 'paragraph']);
    expect(cellTexts(doc.content![1]!)).toEqual([
      ['H:Name', 'H:Score'],
      ['Ada', '10'],
      ['Linus', '7'],
    ]);
  });

  it('lifts an image out of its paragraph, keeps alt text and title as caption, and drops unsafe sources', () => {
    const doc = markdownToProseMirrorJSON('Before ![A chart](/api/docs/r/files/abc123 "Figure 1") after\n\n![x](javascript:alert(1))\n');
    expect(doc.content!.map((n) => n.type)).toEqual(['paragraph', 'image', 'paragraph', 'paragraph']);
    expect(doc.content![3]!.content![0]!.text).toBe('![x](javascript:alert(1))'); // markdown-it refuses the link: it stays text
    expect(doc.content![1]!.attrs).toMatchObject({ src: '/api/docs/r/files/abc123', alt: 'A chart', caption: 'Figure 1' });
    expect(doc.content![0]!.content![0]!.text).toBe('Before');
  });

  it('reads an HTML table (as Google Docs and spreadsheets paste it) and figures', async () => {
    const html =
      '<meta charset="utf-8"><b style="font-weight:normal" id="docs-internal-guid-1"><div dir="ltr"><table><colgroup><col width="100"><col width="80"></colgroup><tbody>' +
      '<tr><td><p dir="ltr"><span style="font-weight:700">Name</span></p></td><td><p><span>Score</span></p></td></tr>' +
      '<tr><td>Ada</td><td>10</td></tr><tr><td colspan="2">Total</td></tr></tbody></table></div></b>' +
      '<figure><img src="https://example.com/a.png" alt="A"><figcaption>Cap</figcaption></figure>';
    const doc = await htmlToProseMirrorJSON(html);
    const table = doc.content!.find((n) => n.type === 'table')!;
    expect(cellTexts(table)).toEqual([['Name', 'Score'], ['Ada', '10'], ['Total']]);
    expect(table.content![2]!.content![0]!.attrs).toMatchObject({ colspan: 2 });
    expect(doc.content!.find((n) => n.type === 'image')!.attrs).toMatchObject({ src: 'https://example.com/a.png', alt: 'A', caption: 'Cap' });
  });
});

describe('tables and images in Markdown and HTML exports', () => {
  const report: PMNodeJSON = {
    type: 'doc',
    content: [
      { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Report' }] },
      {
        type: 'table',
        content: [
          { type: 'table_row', content: ['Name', 'Score'].map((t) => ({ type: 'table_header', attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [{ type: 'paragraph', content: [{ type: 'text', text: t }] }] })) },
          { type: 'table_row', content: ['Ada | L', '10'].map((t) => ({ type: 'table_cell', attrs: { colspan: 1, rowspan: 1, colwidth: [120] }, content: [{ type: 'paragraph', content: [{ type: 'text', text: t }] }] })) },
        ],
      },
      { type: 'image', attrs: { src: '/api/docs/r/files/img1', alt: 'Chart', caption: 'Figure 1', width: 50 } },
      { type: 'attachment', attrs: { src: '/api/docs/r/files/f1', name: 'data.csv', size: 2048, type: 'text/plain' } },
    ],
  };

  it('writes a GFM table, image links and attachment links that come back in', async () => {
    const { toMarkdown } = await import('./index.js');
    const md = toMarkdown(report, { baseUrl: 'https://docs.example.com' });
    expect(md).toContain('| Name | Score |\n| --- | --- |\n| Ada \\| L | 10 |');
    expect(md).toContain('![Chart](https://docs.example.com/api/docs/r/files/img1 "Figure 1")');
    expect(md).toContain('[data.csv](https://docs.example.com/api/docs/r/files/f1) (2.0 KB)');
    const back = markdownToProseMirrorJSON(toMarkdown(report));
    expect(back.content!.map((n) => n.type)).toEqual(['heading', 'table', 'image', 'paragraph']);
    expect(cellTexts(back.content![1]!)).toEqual([['H:Name', 'H:Score'], ['Ada | L', '10']]);
    expect(back.content![2]!.attrs).toMatchObject({ src: '/api/docs/r/files/img1', alt: 'Chart', caption: 'Figure 1' });
  });

  it('writes an HTML table and linked images that come back in', async () => {
    const { toHTML } = await import('./index.js');
    const html = toHTML(report, { baseUrl: 'https://docs.example.com' });
    expect(html).toContain('<table><tr><th><p>Name</p></th><th><p>Score</p></th></tr><tr><td data-colwidth="120"><p>Ada | L</p></td>');
    expect(html).toContain('<figure><img src="https://docs.example.com/api/docs/r/files/img1" alt="Chart" loading="lazy" data-width="50" style="width:50%"><figcaption>Figure 1</figcaption></figure>');
    const back = await htmlToProseMirrorJSON(toHTML(report));
    expect(back.content!.map((n) => n.type)).toEqual(['heading', 'table', 'image', 'attachment']);
    expect(back.content![2]!.attrs).toMatchObject({ src: '/api/docs/r/files/img1', caption: 'Figure 1', width: 50 });
    expect(back.content![3]!.attrs).toMatchObject({ src: '/api/docs/r/files/f1', name: 'data.csv', size: 2048 });
  });
});
