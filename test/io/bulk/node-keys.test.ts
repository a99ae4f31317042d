import { describe, expect, it } from 'vitest';
import { BulkImportError } from '../../../src/db/bulk-import.js';
import { NodeKeys, hashOf } from '../../../src/io/bulk/node-keys.js';

describe('importer keys of a load’s nodes', () => {
  // enough ids to grow every array of the table several times over, in scripts the ids use
  const ids = Array.from({ length: 300_000 }, (_, i) =>
    i % 4 === 0 ? `facility:syn-${i}` : i % 4 === 1 ? `park:中关村-${i}` : i % 4 === 2 ? `technology:𠀀𝒳-${i}` : `facility:syn-${i}-x`,
  );

  it('gives each id the next key and finds every one again', () => {
    const keys = new NodeKeys();
    ids.forEach((id, i) => expect(keys.add(id)).toBe(i));
    expect(keys.count).toBe(ids.length);
    for (let i = ids.length - 1; i >= 0; i -= 7) expect(keys.of(ids[i]!, 'start')).toBe(i);
    // an id that is another's prefix, or differs in its last code unit, is another id
    expect(() => keys.of('facility:syn-4-', 'a SERVES relationship’s end')).toThrow("a SERVES relationship’s end 'facility:syn-4-' is not a node of this load");
    expect(() => keys.of('facility:syn-1', 'start')).toThrow(BulkImportError);
  });

  it('tells apart ids whose hashes are equal', () => {
    const byHash = new Map<number, string>();
    const pairs: Array<[string, string]> = [];
    for (const id of ids) {
      const other = byHash.get(hashOf(id));
      if (other !== undefined) pairs.push([other, id]);
      else byHash.set(hashOf(id), id);
    }
    // 300,000 ids over 2^32 hashes: about ten pairs share one
    expect(pairs.length).toBeGreaterThan(0);
    const keys = new NodeKeys();
    const flat = pairs.flat();
    flat.forEach((id, i) => expect(keys.add(id)).toBe(i));
    flat.forEach((id, i) => expect(keys.of(id, 'end')).toBe(i));
  });

  it('refuses a second node with an id already given, naming it', () => {
    const keys = new NodeKeys();
    keys.add('park:a');
    keys.add('park:b');
    let err: unknown;
    try {
      keys.add('park:a');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BulkImportError);
    expect((err as BulkImportError).code).toBe('IMPORT_FAILED');
    expect((err as Error).message).toBe("bulk import failed (nothing was changed): two nodes have the id 'park:a'");
    expect(keys.count).toBe(2);
    expect(keys.add('park:c')).toBe(2);
  });
});
