import { type Env, readInt } from '../env-readers.js';

/** Settings of file uploads, from the environment (see README's configuration table). */
export interface FilesConfig {
  /** Largest upload accepted, bytes (`MAX_UPLOAD_BYTES`, default 10 MiB); over it: 413. */
  maxUploadBytes: number;
}

const MiB = 1 << 20;

/** Reads the upload settings; throws ConfigError naming the first bad variable. */
export function parseFilesConfig(env: Env): FilesConfig {
  return { maxUploadBytes: readInt(env, 'MAX_UPLOAD_BYTES', 10 * MiB, 1024, 1024 * MiB) };
}
