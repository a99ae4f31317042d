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
    // each id at once (a write past the end of a typed array not yet grown is silently dropped) …
    ids.forEach((id, i) => {
      expect(keys.add(id)).toBe(i);
      expect(keys.of(id, 'start')).toBe(i);
    });
    expect(keys.count).toBe(ids.length);
    // … and every one again once all are in
    const wrong = ids.filter((id, i) => keys.of(id, 'start') !== i);
    expect(wrong).toEqual([]);
    expect(() => keys.of('facility:syn-1', 'a SERVES relationship’s end')).toThrow("a SERVES relationship’s end 'facility:syn-1' is not a node of this load");
    expect(() => keys.of('facility:syn-1', 'start')).toThrow(BulkImportError);
  });

  it('keys the empty id, lone surrogates and long ids like any other', () => {
    const odd = ['', '\ud800', '\udc00', '\u0000', 'x'.repeat(100_000), `${'x'.repeat(100_000)}y`];
    const keys = new NodeKeys();
    odd.forEach((id, i) => expect(keys.add(id)).toBe(i));
    odd.forEach((id, i) => expect(keys.of(id, 'start')).toBe(i));
  });

  it('tells apart ids whose hashes are equal: one a prefix of the other, or of the same length', () => {
    // built for FNV-1a: the hash is inverted over two code units appended to the first id of a pair
    const prefix = ['facility:syn-4\u4026\u74ee', 'facility:syn-4'];
    const sameLength = ['park:\u2341\u0000', 'park:\u8040\u9b93'];
    for (const [a, b] of [prefix, sameLength]) expect(hashOf(a!), `${a} and ${b} hash alike`).toBe(hashOf(b!));
    const keys = new NodeKeys();
    // the longer id first: a lookup comparing lengths only, or prefixes only, finds it for the shorter
    const all = [...prefix, ...sameLength];
    all.forEach((id, i) => expect(keys.add(id)).toBe(i));
    all.forEach((id, i) => expect(keys.of(id, 'end')).toBe(i));
    expect(() => keys.of('park:\u8040\u0000', 'end')).toThrow('is not a node of this load');
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
