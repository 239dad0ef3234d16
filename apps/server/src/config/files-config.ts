import { ConfigError, type Env, readEnum, readInt, readString } from './env-readers.js';

/** Settings of file uploads, from the environment (see README's configuration table). */
export interface FilesConfig {
  /** Largest upload accepted, bytes (`MAX_UPLOAD_BYTES`, default 10 MiB); over it: 413. */
  maxUploadBytes: number;
  /** An S3-compatible bucket for the files (`S3_BUCKET` and friends); null: DATA_DIR or PostgreSQL. */
  s3: S3Config | null;
}

/** Where files go in S3 (credentials come from the AWS SDK's usual chain: AWS_ACCESS_KEY_ID...). */
export interface S3Config {
  bucket: string;
  /** `S3_ENDPOINT`: the service's URL for MinIO, R2, Ceph...; null for AWS. */
  endpoint: string | null;
  region: string;
  prefix: string;
  forcePathStyle: boolean;
}

function readS3(env: Env): S3Config | null {
  const bucket = readString(env, 'S3_BUCKET', '', /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name (3-63 of a-z, 0-9, ".", "-")');
  if (!bucket) return null;
  const endpoint = readString(env, 'S3_ENDPOINT', '') || null;
  if (endpoint && !/^https?:\/\/[^/\s]+\/?$/.test(endpoint)) throw new ConfigError('S3_ENDPOINT', `must be an http(s) URL without a path, got ${JSON.stringify(endpoint)}`);
  return {
    bucket,
    endpoint,
    region: readString(env, 'S3_REGION', 'us-east-1', /^[a-z0-9-]{2,32}$/, 'a region name like us-east-1'),
    prefix: readString(env, 'S3_PREFIX', '', /^[A-Za-z0-9._/-]{0,200}$/, 'up to 200 of [A-Za-z0-9._/-]'),
    forcePathStyle: readEnum(env, 'S3_FORCE_PATH_STYLE', ['true', 'false'], endpoint ? 'true' : 'false') === 'true',
  };
}

const MiB = 1 << 20;

/** Reads the upload settings; throws ConfigError naming the first bad variable. */
export function parseFilesConfig(env: Env): FilesConfig {
  return { maxUploadBytes: readInt(env, 'MAX_UPLOAD_BYTES', 10 * MiB, 1024, 1024 * MiB), s3: readS3(env) };
}
