import { describe, expect, it } from 'vitest';
import { authorList, exportUrl, kindBadge, versionTime, versionTitle, versionUrl } from './versions-api.js';

describe('version display', () => {
  it('titles a version by its label, else by its kind', () => {
    expect(versionTitle({ kind: 'named', label: '  Sent to review ' })).toBe('Sent to review');
    expect(versionTitle({ kind: 'auto', label: null })).toBe('Automatic version');
    expect(versionTitle({ kind: 'pre-restore', label: 'Before restoring version 3' })).toBe('Before restoring version 3');
    expect(versionTitle({ kind: 'import', label: '' })).toBe('Imported');
    expect(versionTitle({ kind: 'something-new', label: null })).toBe('Version');
    expect(kindBadge('named')).toBe('Named');
    expect(kindBadge('pre-restore')).toBe('Restore point');
    expect(kindBadge('later-kind')).toBe('later-kind');
  });

  it('lists authors briefly', () => {
    expect(authorList([])).toBe('');
    expect(authorList(['Ada'])).toBe('Ada');
    expect(authorList(['Ada', ' '])).toBe('Ada');
    expect(authorList(['Ada', 'Bob'])).toBe('Ada and Bob');
    expect(authorList(['Ada', 'Bob', 'Cy'])).toBe('Ada, Bob and Cy');
    expect(authorList(['Ada', 'Bob', 'Cy', 'Dee', 'Eve'])).toBe('Ada, Bob and 3 others');
  });

  it('shows the time, with the year only when it is not this year', () => {
    const t = new Date(2026, 10, 30, 4, 41).getTime();
    expect(versionTime(t, new Date(2026, 11, 31).getTime())).toBe('Nov 30, 4:41 AM');
    expect(versionTime(t, new Date(2027, 0, 1).getTime())).toBe('Nov 30, 2026, 4:41 AM');
  });

  it('builds API addresses with the ids escaped', () => {
    expect(exportUrl('notes.v1', 'md')).toBe('/api/docs/notes.v1/export?format=md');
    expect(versionUrl('a_b', '12', 'yjs')).toBe('/api/docs/a_b/versions/12?format=yjs');
  });
});
