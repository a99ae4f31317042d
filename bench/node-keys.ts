import { parseArgs } from 'node:util';
import { generate } from '../src/data/generator.js';
import { NodeKeys } from '../src/io/bulk/node-keys.js';

/**
 * The bulk writer's node keys, measured apart: the generator's nodes are keyed and the ends of its
 * relationships looked up, as the writer does, with `--keys table` (NodeKeys), `map` (a Map of the id
 * strings, as before) or `none` (the generator alone). One kind per process, so that each peak RSS
 * is its own: `npx tsx bench/node-keys.ts --nodes 10000000 --keys map`.
 */
const { values } = parseArgs({ options: { nodes: { type: 'string', default: '1000000' }, keys: { type: 'string', default: 'table' } } });
const kind = values.keys;
if (kind !== 'table' && kind !== 'map' && kind !== 'none') throw new Error(`--keys is table, map or none (got '${kind}')`);

const map = new Map<string, number>();
const table = new NodeKeys();
const add = kind === 'table' ? (id: string) => table.add(id) : kind === 'map' ? (id: string) => (map.set(id, map.size), map.size - 1) : (id: string) => id.length;
const find = kind === 'table' ? (id: string) => table.of(id, 'end') : kind === 'map' ? (id: string) => map.get(id)! : (id: string) => id.length;

let checksum = 0;
let keying = 0;
const started = performance.now();
for (const batch of generate({ nodes: Number(values.nodes), seed: 1, batchSize: 10_000 })) {
  const t = performance.now();
  if (batch.kind === 'nodes') for (const r of batch.records) checksum += add(r.props.id);
  else for (const r of batch.records) checksum += find(r.from) + find(r.to);
  keying += performance.now() - t;
}
const s = (ms: number) => (ms / 1000).toFixed(1);
console.log(`${kind}: ${values.nodes} nodes, keying ${s(keying)} s, in all ${s(performance.now() - started)} s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (checksum ${checksum})`);
