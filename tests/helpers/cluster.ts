import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { spawnTestServer } from './server.js';
import { connectClient, type TestClient } from './clients.js';

/** PostgreSQL and Redis of the machine, or null when the environment does not name them. */
export const services =
  process.env.DATABASE_URL && process.env.REDIS_URL
    ? { databaseUrl: process.env.DATABASE_URL, redisUrl: process.env.REDIS_URL }
    : null;

/** One server process of a test cluster. */
export interface NodeProcess {
  id: string;
  url: string;
  proc: ChildProcess;
  /** Every JSON log line it wrote so far, parsed. */
  readonly logs: Record<string, unknown>[];
  /** Kills it with `signal` and resolves once it exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * A set of real server processes sharing one PostgreSQL schema and one Redis key prefix, both
 * random per test run and removed by `dispose`.
 */
export class TestCluster {
  readonly schema = `tandem_cluster_${randomBytes(5).toString('hex')}`;
  readonly prefix = `tandem-cluster-${randomBytes(5).toString('hex')}:`;
  readonly nodes: NodeProcess[] = [];
  private readonly dataDir = mkdtempSync(join(tmpdir(), 'tandem-cluster-'));

  constructor(private readonly env: Record<string, string> = {}) {
    if (!services) throw new Error('TestCluster needs DATABASE_URL and REDIS_URL');
  }

  /** Starts node `id` and resolves once it listens. */
  async start(id: string): Promise<NodeProcess> {
    const child = await spawnTestServer({
      DATA_DIR: this.dataDir,
      DATABASE_URL: services!.databaseUrl,
      DATABASE_SCHEMA: this.schema,
      REDIS_URL: services!.redisUrl,
      REDIS_PREFIX: this.prefix,
      NODE_ID: id,
      ...this.env,
      // spawnTestServer learns the port from the `server.listening` line, logged at info
      LOG_LEVEL: this.env.LOG_LEVEL === 'debug' ? 'debug' : 'info',
    });
    const node: NodeProcess = {
      id,
      url: child.url,
      proc: child.proc,
      get logs() {
        return child.logs();
      },
      async kill(signal = 'SIGTERM') {
        await child.stop(signal);
      },
    };
    this.nodes.push(node);
    return node;
  }

  /** The metric `name` of a node, read from its /metrics. */
  async metric(node: NodeProcess, name: string): Promise<number> {
    const text = await (await fetch(`${node.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
    return Number(line?.split(' ').pop() ?? NaN);
  }

  /** Closes, from the Redis side, every connection the cluster's nodes hold; returns how many. */
  async dropRedisConnections(): Promise<number> {
    const redis = new Redis(services!.redisUrl);
    try {
      const list = (await redis.client('LIST')) as string;
      const ids = list
        .split('\n')
        .filter((l) => l.includes(` name=${this.prefix}`))
        .map((l) => l.match(/^id=(\d+)/)?.[1])
        .filter((id): id is string => !!id);
      for (const id of ids) await redis.client('KILL', 'ID', id);
      return ids.length;
    } finally {
      await redis.quit();
    }
  }

  /** Stops every node still running, drops the schema and deletes the Redis keys of this run. */
  async dispose(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.kill('SIGTERM')));
    const client = new pg.Client({ connectionString: services!.databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
    await client.end();
    const redis = new Redis(services!.redisUrl);
    const keys = await redis.keys(`${this.prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * A stock y-websocket client given a list of node URLs: it starts on `urls[first]` and, each time
 * its connection closes, moves on to the next (as a load balancer would send it elsewhere).
 */
export function connectRotating(urls: string[], docId: string, first = 0): TestClient & { node: () => number } {
  let current = first % urls.length;
  const client = connectClient(urls[current]!, docId);
  client.provider.on('connection-close', () => {
    current = (current + 1) % urls.length;
    client.provider.serverUrl = `${urls[current]!.replace(/^http/, 'ws')}/sync`;
  });
  return Object.assign(client, { node: () => current });
}
