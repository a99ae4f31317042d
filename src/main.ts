import { loadConfig } from './config.js';
import { connect } from './db/connect.js';
import { migrate } from './db/migrations.js';
import { readDatasetDir } from './data/files.js';
import { isEmpty, load } from './data/loader.js';
import { startServer } from './http/server.js';
import { createAuthenticator } from './auth/authenticate.js';
import { EXAMPLES_DIR, SEED_DIR } from './seed.js';

const EXAMPLE = `{ health { ok neo4jVersion nodeCount } node(id: "doc:jingzhengfa-2013-19") { name nameEn } }`;

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const config = loadConfig();
  const conn = await connect(config, log);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down ...`);
    await server?.close().catch(() => {});
    await conn.close();
    log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  const { from, to } = await migrate(conn.db);
  log(from === to ? `Schema up to date (version ${to})` : `Schema migrated from version ${from} to ${to}`);
  if (config.seedWhenEmpty && (await isEmpty(conn.db))) {
    const s = await load(conn.db, await readDatasetDir(SEED_DIR));
    log(`Seed graph loaded: ${s.nodes} nodes, ${s.relationships} relationships`);
  }
  if (config.withExamples) {
    const s = await load(conn.db, await readDatasetDir(EXAMPLES_DIR));
    log(`Illustrative examples loaded: ${s.nodes} nodes, ${s.relationships} relationships (created ${s.created}, updated ${s.updated})`);
  }
  server = await startServer({
    db: conn.db,
    port: config.port,
    host: config.host,
    authenticate: await createAuthenticator(config.auth),
    development: config.development,
    production: config.production,
    limits: config.limits,
    maxBodyBytes: config.maxBodyBytes,
  });
  log(`GraphQL ready at ${server.url}`);
  log(`Try: curl -s ${server.url} -H 'content-type: application/json' -d '${JSON.stringify({ query: EXAMPLE })}'`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
