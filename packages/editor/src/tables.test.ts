// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { schema } from './schema.js';
import { parseGfmTable, tableFromRows } from './tables.js';
import { dataUriToBlob, isOwnFile, resolveFileUrl } from './uploads.js';

describe('GFM tables pasted as text', () => {
  it('reads header, delimiter and body rows, with escaped pipes and missing cells', () => {
    expect(parseGfmTable('| Name | Score |\n| :--- | ---: |\n| Ada \\| L | 10 |\n| Linus |\n')).toEqual([
      ['Name', 'Score'],
      ['Ada | L', '10'],
      ['Linus', ''],
    ]);
    expect(parseGfmTable('a | b\n--- | ---\n1 | 2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('refuses text that is not a table', () => {
    expect(parseGfmTable('just a line | with a pipe')).toBeNull();
    expect(parseGfmTable('| a | b |\n| --- |\n| 1 | 2 |')).toBeNull();
    expect(parseGfmTable('- [ ] item\n- [x] done')).toBeNull();
  });

  it('builds a valid table node with a header row', () => {
    const table = tableFromRows(schema, [['H1', 'H2'], ['a', '']]);
    table.check();
    expect(table.firstChild!.firstChild!.type.name).toBe('table_header');
    expect(table.lastChild!.firstChild!.type.name).toBe('table_cell');
    expect(table.textContent).toBe('H1H2a');
  });
});

describe('file URLs', () => {
  const target = { server: 'https://docs.example.com', doc: 'report', token: 'tok' };
  it('resolves stored files against the server, with the token', () => {
    expect(resolveFileUrl(target, '/api/docs/report/files/abc')).toBe('https://docs.example.com/api/docs/report/files/abc?token=tok');
    expect(resolveFileUrl(target, '/api/docs/report/files/abc', true)).toBe('https://docs.example.com/api/docs/report/files/abc?token=tok&download=');
    expect(resolveFileUrl(target, 'https://elsewhere.example/x.png')).toBe('https://elsewhere.example/x.png');
    expect(isOwnFile(target, '/api/docs/report/files/abc')).toBe(true);
    expect(isOwnFile(target, '/api/docs/other/files/abc')).toBe(false);
  });
  it('decodes data URIs', async () => {
    const blob = dataUriToBlob('data:image/png;base64,iVBORw0KGgo=')!;
    expect(blob.type).toBe('image/png');
    expect(new Uint8Array(await blob.arrayBuffer()).slice(0, 4)).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    expect(dataUriToBlob('not a uri')).toBeNull();
  });
});
