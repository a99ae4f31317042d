import { describe, expect, it } from 'vitest';
import { DatasetError, validate, type RawFile } from '../../src/data/dataset.js';

/** Validation of basis, notes, roles and the plan's new properties (no database: validation writes nothing). */
const src = ['a source'];
const rejections = (files: RawFile[]) => {
  try {
    validate(files);
    return [];
  } catch (e) {
    if (!(e instanceof DatasetError)) throw e;
    return e.rejections.map((r) => `${r.origin} ${r.field}: ${r.message}`);
  }
};

describe('basis and note', () => {
  it('defaults basis to STATED on nodes and relationships', () => {
    const ds = validate([
      { file: 'p.json', label: 'Program', records: [{ id: 'program:a', name: 'A', sources: src, kind: 'PILOT' }] },
      { file: 't.json', label: 'Goal', records: [{ id: 'goal:a', name: 'G', sources: src }] },
      { file: 'c.json', type: 'CONTRIBUTES_TO', records: [{ from: 'program:a', to: 'goal:a', sources: src }] },
    ]);
    expect(ds.nodes.map((n) => n.props.basis)).toEqual(['STATED', 'STATED']);
    expect(ds.rels[0]!.props.basis).toBe('STATED');
  });

  it('rejects an INFERRED node or relationship without a note, and an unknown basis', () => {
    expect(
      rejections([
        { file: 'g.json', label: 'Goal', records: [{ id: 'goal:a', name: 'G', sources: src, basis: 'INFERRED' }, { id: 'goal:b', name: 'H', sources: src, basis: 'GUESSED' }] },
        { file: 'p.json', label: 'Program', records: [{ id: 'program:a', name: 'A', sources: src, basis: 'INFERRED', note: 'from its name' }] },
        { file: 'c.json', type: 'CONTRIBUTES_TO', records: [{ from: 'program:a', to: 'goal:a', sources: src, basis: 'INFERRED' }] },
      ]),
    ).toEqual([
      'g.json#1 (goal:a) note: an INFERRED record needs a `note` saying how it was inferred',
      expect.stringMatching(/^g\.json#2 \(goal:b\) basis: /),
      'c.json#1 note: an INFERRED relationship needs a `note` saying how it was inferred',
    ]);
  });
});

describe('roles and the new properties', () => {
  const parties = [
    { file: 'a.json', label: 'Agency', records: [{ id: 'agency:a', name: 'A', sources: src, kind: 'OTHER' }] },
    { file: 'i.json', label: 'Institution', records: [{ id: 'inst:w', name: 'W', sources: src }] },
    { file: 'k.json', label: 'Park', records: [{ id: 'park:k', name: 'K', sources: src, kind: 'PARK', function: ['RESEARCH', 'CONVERSION'] }] },
  ] satisfies RawFile[];

  it('accepts the roles of a type and rejects others, and any role on a type without roles', () => {
    expect(
      rejections([
        ...parties,
        { file: 'm.json', type: 'MEMBER_OF', records: [{ from: 'agency:a', to: 'inst:w', sources: src, role: 'LIAISON', rank: 1 }] },
        { file: 'c.json', type: 'CO_BUILDS', records: [{ from: 'agency:a', to: 'park:k', sources: src, role: 'MEMBER' }] },
        { file: 'd.json', type: 'ADMINISTERS', records: [{ from: 'agency:a', to: 'park:k', sources: src, role: 'LEAD' }] },
      ]),
    ).toEqual(['c.json#1 role: role of CO_BUILDS is one of MILITARY, LOCAL, ENTERPRISE', 'd.json#1 role: ADMINISTERS takes no role']);
  });

  it('checks Park.function, Facility.status, FinancingInstrument.kind and direct, and generic', () => {
    expect(
      rejections([
        { file: 'k.json', label: 'Park', records: [{ id: 'park:k', name: 'K', sources: src, kind: 'PARK', function: ['MANUFACTURING'] }] },
        { file: 'f.json', label: 'Facility', records: [{ id: 'facility:f', name: 'F', sources: src, kind: 'LAB', status: 'BUILT', generic: 'yes' }] },
        { file: 'n.json', label: 'FinancingInstrument', records: [{ id: 'fin:n', name: 'N', sources: src, kind: 'DEBT_SECURITY', direct: true }] },
      ]).map((r) => r.split(':')[0]),
    ).toEqual(['k.json#1 (park', 'f.json#1 (facility', 'f.json#1 (facility']);
  });

  it('allows the new links of the contract and refuses what it does not allow', () => {
    expect(
      rejections([
        ...parties,
        { file: 'd.json', label: 'Document', records: [{ id: 'doc:d', name: 'D', sources: src }, { id: 'doc:e', name: 'E', sources: src }] },
        { file: 'is.json', type: 'ISSUED', records: [{ from: 'agency:a', to: 'doc:d', sources: src }] },
        { file: 'ci.json', type: 'CITES', records: [{ from: 'doc:d', to: 'doc:e', sources: src }, { from: 'doc:d', to: 'park:k', sources: src }] },
        { file: 'po.json', type: 'PART_OF', records: [{ from: 'inst:w', to: 'inst:w', sources: src }] },
      ]),
    ).toEqual(['ci.json#2 (doc:d -CITES-> park:k) type: CITES is not allowed from Document to Park']);
  });
});
