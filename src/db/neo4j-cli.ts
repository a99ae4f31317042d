import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbedded } from './embedded.js';

/**
 * `npm run neo4j -- [--port N] [--home DIR] [--heap 1g] [--pagecache MB]`: the embedded Neo4j alone,
 * with authentication; prints the address, the user and where the password is kept.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '7687' },
    home: { type: 'string', default: process.env.NEO4J_HOME_DIR ?? 'data/neo4j' },
    heap: { type: 'string', default: '512m' },
    pagecache: { type: 'string', default: '128' },
  },
});

try {
  const neo4j = await startEmbedded({
    home: values.home,
    port: Number(values.port),
    heap: values.heap,
    pageCacheMb: Number(values.pagecache),
    lockWaitMs: 20_000,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const file = path.join(values.home, 'password');
  process.stdout.write(
    `Neo4j ready on 127.0.0.1 only (Ctrl-C stops it). Connect with:\n` +
      `  NEO4J_URI=${neo4j.uri} NEO4J_USER=${neo4j.user} NEO4J_PASSWORD="$(cat ${file})"\n` +
      `  (the password is in ${file}, readable by its owner only)\n`,
  );
  const stop = () => void neo4j.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const { code, clean } = await neo4j.exited;
  if (!clean) {
    process.stderr.write(`Neo4j exited unexpectedly (status ${code})\n`);
    process.exit(1);
  }
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
