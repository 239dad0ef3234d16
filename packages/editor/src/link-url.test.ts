import { describe, expect, it } from 'vitest';
import { isPastedUrl, normalizeLink } from './link-url.js';

describe('normalizeLink', () => {
  it('keeps full web and mail addresses as typed', () => {
    expect(normalizeLink(' https://example.com/a?b=1#c ')).toBe('https://example.com/a?b=1#c');
    expect(normalizeLink('http://localhost:5173/d/x')).toBe('http://localhost:5173/d/x');
    expect(normalizeLink('mailto:ada@example.com')).toBe('mailto:ada@example.com');
    expect(normalizeLink('HTTPS://Example.com')).toBe('HTTPS://Example.com');
  });

  it('adds https:// to scheme-less addresses and mailto: to emails', () => {
    expect(normalizeLink('example.com/page')).toBe('https://example.com/page');
    expect(normalizeLink('www.example.org')).toBe('https://www.example.org');
    expect(normalizeLink('//cdn.example.com/x.png')).toBe('https://cdn.example.com/x.png');
    expect(normalizeLink('localhost:3000/d/notes')).toBe('https://localhost:3000/d/notes');
    expect(normalizeLink('127.0.0.1:8080')).toBe('https://127.0.0.1:8080');
    expect(normalizeLink('bücher.de/neu')).toBe('https://bücher.de/neu');
    expect(normalizeLink('ada@example.com')).toBe('mailto:ada@example.com');
  });

  it('keeps relative links', () => {
    expect(normalizeLink('/d/notes')).toBe('/d/notes');
    expect(normalizeLink('#section-2')).toBe('#section-2');
  });

  it('refuses scripts, data, other schemes and things that are no address', () => {
    for (const bad of ['', '   ', 'javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x', 'file:///etc/passwd',
      'hello', 'two words.com', 'mailto:', 'mailto:nobody', 'https://', 'example', 'example.c']) {
      expect(normalizeLink(bad), bad).toBeNull();
    }
  });
});

describe('isPastedUrl', () => {
  it('is true only for an address on its own', () => {
    expect(isPastedUrl('https://example.com/page')).toBe(true);
    expect(isPastedUrl(' www.example.org \n')).toBe(true);
    expect(isPastedUrl('mailto:ada@example.com')).toBe(true);
    expect(isPastedUrl('see https://example.com')).toBe(false);
    expect(isPastedUrl('javascript:alert(1)')).toBe(false);
    expect(isPastedUrl('example')).toBe(false);
  });
});
