import { parseArgs } from 'node:util';
import { startEmbedded } from './embedded.js';

/** `npm run neo4j -- [--port N] [--home DIR] [--heap 1g] [--pagecache MB]`: the embedded Neo4j alone. */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '7687' },
    home: { type: 'string', default: 'data/neo4j' },
    heap: { type: 'string', default: '512m' },
    pagecache: { type: 'string', default: '128' },
  },
});

try {
  const neo4j = await startEmbedded({ home: values.home, port: Number(values.port), heap: values.heap, pageCacheMb: Number(values.pagecache) });
  process.stdout.write(`Neo4j ready: NEO4J_URI=${neo4j.uri}  (Ctrl-C stops it)\n`);
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
