import { BulkImportError } from '../../db/bulk-import.js';

/** The most nodes one load can key (its table of slots stays within 2^31 entries). */
export const MAX_NODE_KEYS = 2 ** 30;

/**
 * Importer keys of a load's nodes, by their ids: each id is given the next integer once. A second
 * node with an id already given, or a relationship naming an id never given, is refused here, before
 * anything is imported (the importer would refuse them too, with less to say).
 *
 * The ids live outside the JavaScript heap: their UTF-16 code units one after another in a typed
 * array (key k's id runs from `starts[k]` to `starts[k + 1]`), found through an open-addressing
 * table of keys by a hash of the id, and every match is confirmed against the stored code units, so
 * two ids that hash alike are still told apart. The hash has no seed: ids made to collide on purpose
 * would slow a load down, never make it wrong. Up to MAX_NODE_KEYS nodes. With a Map of id strings
 * instead (which every full collection walks), keying the generator's 10M nodes and looking up the
 * ends of its 29.3M relationships took 128.5 s, the process peaking at 3.0 GiB; this way 45.3 s and
 * 1.0 GiB (1M nodes: 4.8 s this way, 7.7 s with the Map; `npx tsx bench/node-keys.ts`).
 */
export class NodeKeys {
  /** Code units of every id, in key order. */
  private units = new Uint16Array(1 << 16);
  /** Where each key's id starts in `units` (the next key's start is where it ends). */
  private starts = new Float64Array(1 << 12);
  /** Each key's hash, so the table can grow without reading the ids again. */
  private hashes = new Uint32Array(1 << 12);
  /** Open addressing, linear probing: key + 1, 0 for a free slot. At most half full. */
  private slots = new Int32Array(1 << 13);
  private size = 0;
  private end = 0;

  /** How many nodes have a key. */
  get count(): number {
    return this.size;
  }

  /** The key of a new node; throws when `id` already has one. */
  add(id: string): number {
    const hash = hashOf(id);
    if (this.find(id, hash) >= 0) throw refused(`two nodes have the id '${id}'`);
    const key = this.size;
    if (key >= MAX_NODE_KEYS) throw refused(`a load holds at most ${MAX_NODE_KEYS} nodes`);
    // room first, so that a failed allocation leaves the table as it was
    if (key + 1 > this.slots.length >>> 1) this.growSlots();
    if (key + 1 >= this.starts.length) this.starts = grown(this.starts, key + 2);
    if (key >= this.hashes.length) this.hashes = grown(this.hashes, key + 1);
    if (this.end + id.length > this.units.length) this.units = grown(this.units, this.end + id.length);
    // starts[key] is where the previous id ended (0 for the first)
    for (let i = 0; i < id.length; i++) this.units[this.end + i] = id.charCodeAt(i);
    this.end += id.length;
    this.starts[key + 1] = this.end;
    this.hashes[key] = hash;
    this.size = key + 1;
    this.place(key, hash);
    return key;
  }

  /** The key of a node added before; throws when there is none (`role` says whose id it is). */
  of(id: string, role: string): number {
    const key = this.find(id, hashOf(id));
    if (key < 0) throw refused(`${role} '${id}' is not a node of this load`);
    return key;
  }

  private find(id: string, hash: number): number {
    const mask = this.slots.length - 1;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const slot = this.slots[s]!;
      if (slot === 0) return -1;
      const key = slot - 1;
      if (this.hashes[key] === hash && this.holds(key, id)) return key;
    }
  }

  private holds(key: number, id: string): boolean {
    const start = this.starts[key]!;
    if (this.starts[key + 1]! - start !== id.length) return false;
    for (let i = 0; i < id.length; i++) if (this.units[start + i] !== id.charCodeAt(i)) return false;
    return true;
  }

  private place(key: number, hash: number): void {
    const mask = this.slots.length - 1;
    let s = hash & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = key + 1;
  }

  private growSlots(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let key = 0; key < this.size; key++) this.place(key, this.hashes[key]!);
  }
}

const refused = (reason: string) => new BulkImportError('IMPORT_FAILED', reason);

/** FNV-1a over the id's code units, then MurmurHash3's finaliser (the table's slot is its low bits); exported for tests. */
export function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A copy of `a` with room for at least `n` elements (twice its length, or more). */
function grown<T extends Uint16Array | Uint32Array | Float64Array>(a: T, n: number): T {
  let length = a.length * 2;
  while (length < n) length *= 2;
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a);
  return b;
}
