import { describe, expect, it, vi } from 'vitest';
import { openCursor, sealCursor } from '../../src/data/cursors.js';
import { pageQuery, toConnection, type PageRow } from '../../src/data/pagination.js';

// sealCursor counted: the module's own, wrapped
vi.mock('../../src/data/cursors.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/data/cursors.js')>();
  return { ...real, sealCursor: vi.fn(real.sealCursor) };
});

const row = (id: string): PageRow => ({ node: { id, name: id, label: 'Facility', classificationLevel: 0 } as never, rel: null, k: id });

describe('toConnection: cursors sealed only when read', () => {
  const q = pageQuery({ first: 2 }, 1);
  const connection = toConnection(q, [row('a'), row('b'), row('c')], 3);

  it('shows no cursor among the own values of an edge or pageInfo, which the audit walks', () => {
    // the audit searches every object of an answer through Object.values: a cursor there is sealed for nothing
    expect(Object.keys(connection.edges[0]!)).toEqual(['node', 'relationship']);
    expect(Object.keys(connection.pageInfo)).toEqual(['hasNextPage', 'hasPreviousPage']);
    for (const v of [...Object.values(connection.edges[0]!), ...Object.values(connection.pageInfo)]) expect(typeof v).not.toBe('string');
  });

  it('seals a cursor only when it is read, and once', () => {
    const sealed = vi.mocked(sealCursor);
    sealed.mockClear();
    const fresh = toConnection(q, [row('a'), row('b'), row('c')], 3);
    void [...fresh.edges.flatMap((e) => Object.values(e)), ...Object.values(fresh.pageInfo)];
    expect(sealed).not.toHaveBeenCalled();
    const end = fresh.pageInfo.endCursor;
    expect(fresh.edges[1]!.cursor).toBe(end);
    expect(sealed).toHaveBeenCalledTimes(1);
  });

  it('still answers every cursor, sealed for the caller, when a field reads it', () => {
    expect(connection.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(connection.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(openCursor(connection.edges[1]!.cursor, 'page:1')).toEqual(['NAME', 'b', 'b']);
    expect(connection.pageInfo.startCursor).toBe(connection.edges[0]!.cursor);
    expect(connection.pageInfo.endCursor).toBe(connection.edges[1]!.cursor);
    expect(openCursor(connection.edges[1]!.cursor, 'page:2')).toBeUndefined();
  });
});
