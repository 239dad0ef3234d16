import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readManifest, RestoreError, restoreArchive } from '../backup/archive-read.js';
import { writeArchive } from '../backup/archive-write.js';
import { openBackupSource, openRestoreTarget } from '../backup/open-backup.js';
import { snapshotDataDir } from '../backup/snapshot.js';
import { ConfigError, parseConfig, type ServerConfig } from '../config/config.js';
import type { Env } from '../config/env-readers.js';
import { exportDocs, importDocs } from './backup.js';
import { recordOutsideServer } from '../audit/record-outside.js';
import { createApiClient } from './http-client.js';

const USAGE = `usage:
  tandem backup archive FILE      everything (documents, versions, trash, accounts, access, notifications, audit log, webhooks, files) into a .tar.gz
  tandem backup restore FILE      an archive into an empty DATA_DIR / DATABASE_SCHEMA (server stopped)
  tandem backup snapshot DIR      a copy of the running server's SQLite data folder (VACUUM INTO)
  tandem backup export|import --server URL --dir DIR [--doc ID ...]   documents only, over the REST API
archive, restore and snapshot read the same environment as tandem serve (DATA_DIR, DATABASE_URL...).`;

type Print = (line: string) => void;

const summaryLine = (s: { rows: Record<string, number>; files: number }) =>
  `${Object.entries(s.rows).map(([t, n]) => `${t} ${n}`).join(', ')}, files ${s.files}`;

function readConfig(env: Env, err: Print): ServerConfig | null {
  try {
    return parseConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    err(`tandem backup: invalid configuration: ${e.message}`);
    return null;
  }
}

async function archive(config: ServerConfig, file: string, out: Print): Promise<void> {
  const source = await openBackupSource(config);
  try {
    const summary = await writeArchive(source, file);
    out(`archived ${file}: ${summaryLine(summary)}`);
    await recordOutsideServer(config, 'backup.created', 'tandem backup archive', { command: 'archive', file: resolve(file), rows: summary.rows, files: summary.files });
  } finally {
    await source.documents.close();
    await source.accounts?.close();
    await source.audit?.close();
    await source.webhooks?.close();
    await source.blobs.close();
  }
}

async function restore(config: ServerConfig, file: string, out: Print): Promise<void> {
  const manifest = await readManifest(file);
  const target = await openRestoreTarget(config, manifest);
  try {
    out(`restored ${file} (taken ${manifest.createdAt} from ${manifest.source}): ${summaryLine(await restoreArchive(file, target))}`);
  } finally {
    await target.documents.close();
    await target.accounts?.close();
    await target.audit?.close();
    await target.webhooks?.close();
    await target.blobs.close();
  }
}

async function snapshot(config: ServerConfig, dir: string, out: Print): Promise<void> {
  if (config.storage.databaseUrl) {
    throw new Error('snapshot copies SQLite files; with DATABASE_URL use pg_dump (docs/operations.md, "Backups and restore") or tandem backup archive');
  }
  const inDataDir = !config.files.s3;
  const result = await snapshotDataDir(config.storage.dataDir, dir, inDataDir);
  out(`snapshot ${dir}: ${result.databases.join(', ')}${result.files ? ', files/' : ''}`);
  await recordOutsideServer(config, 'backup.created', 'tandem backup snapshot', { command: 'snapshot', dir: resolve(dir), databases: result.databases });
  if (!inDataDir) out('files are in S3 (S3_BUCKET): back the bucket up with its own tools');
}

/**
 * `tandem backup`: full archives and restores of a server's data, online SQLite snapshots, and
 * the older document-only export/import through the REST API. Exit 0 when done, 1 when it
 * failed, 2 on wrong usage or a bad configuration.
 */
export async function runBackup(
  argv: readonly string[],
  env: Env,
  out: Print = (l) => process.stdout.write(`${l}\n`),
  err: Print = (l) => process.stderr.write(`${l}\n`),
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { server: { type: 'string' }, dir: { type: 'string' }, doc: { type: 'string', multiple: true } },
    });
  } catch (e) {
    err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const [command, target, ...extra] = parsed.positionals;
  if (command === 'export' || command === 'import') {
    const { server, dir, doc } = parsed.values;
    if (!server || !dir || target) {
      err(USAGE);
      return 2;
    }
    const api = createApiClient(server, env.ADMIN_TOKEN);
    try {
      const summary = await (command === 'export' ? exportDocs : importDocs)(api, dir, doc);
      out(`${command}: ${summary.done} done, ${summary.skipped} skipped, ${summary.failed.length} failed`);
      for (const f of summary.failed) err(`  failed ${f}`);
      return summary.failed.length ? 1 : 0;
    } catch (e) {
      err(`tandem backup: ${(e as Error).message}`);
      return 1;
    }
  }
  const run = { archive, restore, snapshot }[command as 'archive'];
  if (!run || !target || extra.length > 0) {
    err(USAGE);
    return 2;
  }
  const config = readConfig(env, err);
  if (!config) return 2;
  try {
    await run(config, target, out);
    return 0;
  } catch (e) {
    err(`tandem backup ${command}: ${e instanceof RestoreError || e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

/** The name the `tandem` dispatcher and `tandem-backup` call runBackup by. */
export const runBackupCli = (argv: readonly string[], env: Env): Promise<number> => runBackup(argv, env);
