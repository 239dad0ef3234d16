#!/usr/bin/env node
// Installs Tandem from its packed packages, as a user installs from a registry: every public
// workspace package is `pnpm pack`ed, then npm installs the wanted ones into an empty folder with
// production dependencies only, our packages from the tarballs (npm `overrides`, so no @tandem/*
// name is ever looked up in a registry), everything else from the npm registry.
//
//   node scripts/install-from-tarballs.mjs DEST [PACKAGE ...]     (default: @tandem/server)
//
// Needs the build (`pnpm build`). The container image (Dockerfile) and the packaging test use it;
// DEST/node_modules/.bin/tandem is then the `tandem` command.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

/** Every public (not `private`) package under apps/ and packages/: { name, version, dir, manifest }. */
export function publicPackages(root = ROOT) {
  const found = [];
  for (const group of ['apps', 'packages']) {
    for (const name of readdirSync(join(root, group)).sort()) {
      const file = join(root, group, name, 'package.json');
      if (!existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, 'utf8'));
      if (!manifest.private) found.push({ name: manifest.name, version: manifest.version, dir: join(root, group, name), manifest });
    }
  }
  return found;
}

/** `pnpm pack`s every public package into `dest`; resolves to { name: tarball path }. */
export function packAll(dest, root = ROOT) {
  mkdirSync(dest, { recursive: true });
  const tarballs = {};
  for (const pkg of publicPackages(root)) {
    const out = execFileSync('pnpm', ['pack', '--json', '--pack-destination', resolve(dest)], { cwd: pkg.dir, encoding: 'utf8' });
    const { filename } = JSON.parse(out.slice(out.indexOf('{')));
    tarballs[pkg.name] = filename.startsWith('/') ? filename : join(resolve(dest), filename);
  }
  return tarballs;
}

/**
 * Writes DIR/package.json with `deps` and every one of our packages pinned to its tarball (paths
 * relative to DIR when they lie inside it), then `npm install --omit=dev`. Returns npm's output.
 */
export function installFromTarballs(dir, deps, tarballs) {
  const spec = (file) => `file:${resolve(file).startsWith(`${resolve(dir)}/`) ? resolve(file).slice(resolve(dir).length + 1) : resolve(file)}`;
  const overrides = Object.fromEntries(Object.entries(tarballs).map(([name, file]) => [name, spec(file)]));
  const dependencies = Object.fromEntries(Object.entries(deps).map(([name, range]) => [name, tarballs[name] ? spec(tarballs[name]) : range]));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'tandem-install', private: true, type: 'module', dependencies, overrides }, null, 2)}\n`);
  // npm, not a pnpm that may be running this: drop what pnpm tells child processes about itself
  const { npm_config_user_agent: _ua, npm_execpath: _exec, ...env } = process.env;
  const args = ['install', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'];
  for (let attempt = 1; ; attempt++) {
    try {
      // after a failed try, revalidate every cached registry answer instead of trusting it
      return execFileSync('npm', attempt === 1 ? args : [...args, '--prefer-online'], { cwd: dir, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      if (attempt >= INSTALL_TRIES || !isRegistryHiccup(String(err.stderr ?? ''))) throw err;
      process.stderr.write(`install-from-tarballs: npm install failed on the registry (try ${attempt} of ${INSTALL_TRIES}), trying again\n`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, RETRY_PAUSE_MS * attempt);
    }
  }
}

/** How many times `npm install` is tried, and the pause before the second try (then twice that). */
const INSTALL_TRIES = 3;
const RETRY_PAUSE_MS = 15_000;

/**
 * True when npm's error is the registry's passing fault rather than ours: a network error, a 5xx,
 * or ETARGET, which a registry's edge answers for minutes after a release when one package's new
 * version already names a dependency's version that the edge does not list yet (seen on CI:
 * openid-client 6.9.1 asking for oauth4webapi ^3.8.9).
 */
export function isRegistryHiccup(stderr) {
  return /\b(ETARGET|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ECONNREFUSED|EPIPE|E5\d\d)\b/.test(stderr);
}

if (process.argv[1] && basename(process.argv[1]) === 'install-from-tarballs.mjs') {
  const [dest, ...wanted] = process.argv.slice(2);
  if (!dest) {
    process.stderr.write('usage: node scripts/install-from-tarballs.mjs DEST [PACKAGE ...]\n');
    process.exit(2);
  }
  mkdirSync(dest, { recursive: true });
  const tarballs = packAll(join(dest, 'tarballs'));
  const names = wanted.length ? wanted : ['@tandem/server'];
  for (const name of names) {
    if (!tarballs[name]) {
      process.stderr.write(`install-from-tarballs: ${name} is not a public package of this workspace\n`);
      process.exit(2);
    }
  }
  process.stdout.write(installFromTarballs(dest, Object.fromEntries(names.map((n) => [n, '*'])), tarballs));
  process.stdout.write(`installed ${names.join(', ')} into ${resolve(dest)}\n`);
}
