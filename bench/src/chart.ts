#!/usr/bin/env node
/**
 * `node bench/dist/chart.js [result.json] [out.svg]`: draws Tandem's advantage over each peer
 * (log scale, 1x in the middle, right of it Tandem is better) for every figure of a bench run.
 * Defaults: docs/performance.json -> docs/performance-ratios.svg.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';
import { type BenchResult, PEERS, rows } from './report.js';
import { SERVER_NAMES } from './wire.js';

const COLORS: Record<string, string> = { 'y-websocket': '#4e79a7', hocuspocus: '#f28e2b', relay: '#a0a0a0' };
const LIMIT = 16; // bars are clamped to 1/16x .. 16x

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The SVG chart of a bench result's ratios. */
export function ratioChart(result: BenchResult): string {
  const data = rows(result).filter((r) => PEERS.some((p) => r.ratios[p] != null));
  const labelW = 360;
  const plotW = 520;
  const barH = 7;
  const rowH = PEERS.length * barH + 8;
  const top = 56;
  const height = top + data.length * rowH + 40;
  const width = labelW + plotW + 70;
  const x = (ratio: number) => {
    const r = Math.min(LIMIT, Math.max(1 / LIMIT, ratio));
    return labelW + ((Math.log2(r) + Math.log2(LIMIT)) / (2 * Math.log2(LIMIT))) * plotW;
  };
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  out.push(`<text x="8" y="18" font-size="14" font-weight="bold">Tandem's advantage over each peer (log scale; right of 1x = Tandem better)</text>`);
  out.push(`<text x="8" y="34" fill="#555">${esc(`${result.quick ? 'quick run, ' : ''}${result.finishedAt.slice(0, 16).replace('T', ' ')} UTC, ${result.machine.cores} cores (${result.machine.cpus}), Node ${result.machine.node}`)}</text>`);
  PEERS.forEach((p, i) => {
    const lx = labelW + i * 150;
    out.push(`<rect x="${lx}" y="42" width="10" height="8" fill="${COLORS[p]}"/><text x="${lx + 14}" y="50">vs ${esc(SERVER_NAMES[p])}</text>`);
  });
  for (const tick of [1 / 16, 1 / 8, 1 / 4, 1 / 2, 1, 2, 4, 8, 16]) {
    const tx = x(tick);
    out.push(`<line x1="${tx}" y1="${top - 4}" x2="${tx}" y2="${top + data.length * rowH}" stroke="${tick === 1 ? '#000' : '#ddd'}" stroke-width="${tick === 1 ? 1.5 : 1}"/>`);
    out.push(`<text x="${tx}" y="${top + data.length * rowH + 14}" text-anchor="middle" fill="#555">${tick < 1 ? `1/${1 / tick}` : tick}x</text>`);
  }
  data.forEach((r, i) => {
    const y = top + i * rowH;
    out.push(`<text x="${labelW - 8}" y="${y + rowH / 2 + 3}" text-anchor="end">${esc(r.metric.label)}</text>`);
    PEERS.forEach((p, j) => {
      const ratio = r.ratios[p];
      if (ratio == null) return;
      const by = y + 4 + j * barH;
      const x0 = x(1);
      const x1 = x(ratio);
      out.push(`<rect x="${Math.min(x0, x1).toFixed(1)}" y="${by}" width="${Math.max(1, Math.abs(x1 - x0)).toFixed(1)}" height="${barH - 1}" fill="${COLORS[p]}"><title>${esc(`${r.metric.label} vs ${SERVER_NAMES[p]}: ${ratio.toFixed(2)}x`)}</title></rect>`);
      out.push(`<text x="${(Math.max(x0, x1) + 3).toFixed(1)}" y="${by + barH - 1}" font-size="8" fill="#333">${ratio.toFixed(2)}x</text>`);
    });
  });
  out.push(`<text x="8" y="${height - 8}" fill="#555">Bars clamped to 1/16x..16x. Figures and method: docs/performance.md.</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const input = process.argv[2] ?? join(REPO_ROOT, 'docs', 'performance.json');
  const output = process.argv[3] ?? join(REPO_ROOT, 'docs', 'performance-ratios.svg');
  writeFileSync(output, ratioChart(JSON.parse(readFileSync(input, 'utf8')) as BenchResult));
  process.stdout.write(`wrote ${output}\n`);
}
