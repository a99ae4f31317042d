import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { load } from '../../src/data/loader.js';
import type { RawFile } from '../../src/data/dataset.js';
import { POINTS, PRIOR_USE_CAP } from '../../src/data/matching.js';
import { deleteByPrefix } from '../helpers.js';
import { post, SECRET_READER, useApi } from './harness.js';

const api = useApi();
const SRC = ['TEST FIXTURE: matching rules'];

/**
 * A small world where each facility differs from `facility:mt-exact` in exactly one respect, so each
 * evidence kind's effect on the score can be read off alone.
 */
const node = (id: string, extra: Record<string, unknown> = {}) => ({ id, name: id.split(':')[1]!, sources: SRC, ...extra });
const rel = (from: string, to: string, extra: Record<string, unknown> = {}) => ({ from, to, sources: SRC, ...extra });
const FIXTURE: RawFile[] = [
  { file: 'mt-tech', label: 'Technology', records: ['tech:mt-root', 'tech:mt-t', 'tech:mt-child', 'tech:mt-sib'].map((id) => node(id)) },
  { file: 'mt-district', label: 'District', records: [node('district:mt-d')] },
  { file: 'mt-park', label: 'Park', records: [node('park:mt-p', { kind: 'PARK' })] },
  { file: 'mt-cert', label: 'Certification', records: [node('cert:mt-c')] },
  {
    file: 'mt-inst',
    label: 'Institution',
    records: ['inst:mt-operator', 'inst:mt-u1', 'inst:mt-u2', 'inst:mt-u3', 'inst:mt-focus', 'inst:mt-plain', 'inst:mt-user'].map((id) => node(id)),
  },
  {
    file: 'mt-fac',
    label: 'Facility',
    records: [
      'facility:mt-exact',
      'facility:mt-narrow',
      'facility:mt-broad',
      'facility:mt-sib',
      'facility:mt-park',
      'facility:mt-dist',
      'facility:mt-cert',
      'facility:mt-used',
      'facility:mt-secret-link',
      'facility:mt-used1',
      'facility:mt-both',
    ]
      .map((id) => node(id, { kind: 'LAB', access: 'CLOSED' }))
      .concat([
        node('facility:mt-open', { kind: 'LAB', access: 'OPEN' }),
        node('facility:mt-cond', { kind: 'LAB', access: 'CONDITIONAL' }),
        node('facility:mt-restr', { kind: 'LAB', access: 'RESTRICTED' }),
      ]),
  },
  {
    file: 'mt-need',
    label: 'Need',
    records: [node('need:mt-need', { kind: 'TESTING' }), node('need:mt-strict', { certificationsMandatory: true }), node('need:mt-secret', { classification: 'SECRET' })],
  },
  { file: 'mt-partof', type: 'PART_OF', records: [rel('tech:mt-t', 'tech:mt-root'), rel('tech:mt-child', 'tech:mt-t'), rel('tech:mt-sib', 'tech:mt-root')] },
  { file: 'mt-locpark', type: 'LOCATED_IN', records: [rel('park:mt-p', 'district:mt-d'), rel('facility:mt-park', 'park:mt-p'), rel('facility:mt-dist', 'district:mt-d')] },
  {
    file: 'mt-serves',
    type: 'SERVES',
    records: [
      ...['exact', 'park', 'dist', 'cert', 'used', 'open', 'cond', 'restr', 'used1', 'both'].map((k) => rel(`facility:mt-${k}`, 'tech:mt-t')),
      rel('facility:mt-both', 'tech:mt-child'),
      rel('facility:mt-narrow', 'tech:mt-child'),
      rel('facility:mt-broad', 'tech:mt-root'),
      rel('facility:mt-sib', 'tech:mt-sib'),
      rel('facility:mt-secret-link', 'tech:mt-t', { classification: 'SECRET' }),
    ],
  },
  { file: 'mt-focus', type: 'FOCUSES_ON', records: ['inst:mt-focus', 'inst:mt-plain', 'inst:mt-user'].map((i) => rel(i, 'tech:mt-t')) },
  { file: 'mt-operates', type: 'OPERATES', records: [rel('inst:mt-operator', 'facility:mt-cert')] },
  { file: 'mt-holds', type: 'HOLDS', records: [rel('inst:mt-operator', 'cert:mt-c'), rel('inst:mt-focus', 'cert:mt-c')] },
  {
    file: 'mt-uses',
    type: 'USES',
    records: [...['inst:mt-u1', 'inst:mt-u2', 'inst:mt-u3', 'inst:mt-user'].map((u) => rel(u, 'facility:mt-used')), rel('inst:mt-u1', 'facility:mt-used1')],
  },
  {
    file: 'mt-requires',
    type: 'REQUIRES',
    records: ['need:mt-need', 'need:mt-strict', 'need:mt-secret'].flatMap((n) => [rel(n, 'tech:mt-t'), rel(n, 'cert:mt-c')]),
  },
  { file: 'mt-prefers', type: 'PREFERS', records: [rel('need:mt-need', 'park:mt-p'), rel('need:mt-need', 'district:mt-d')] },
];
const PREFIXES = ['tech:mt-', 'district:mt-', 'park:mt-', 'cert:mt-', 'inst:mt-', 'facility:mt-', 'need:mt-'];

beforeAll(async () => {
  await load(api.db, FIXTURE);
});
afterAll(async () => {
  for (const p of PREFIXES) await deleteByPrefix(api.db, p);
});

interface Match {
  candidate: { id: string };
  score: number;
  eligible: boolean;
  missingCertifications: Array<{ id: string }>;
  evidence: Array<{ kind: string; points: number; detail: string; path: Array<{ id: string }> }>;
}

const MATCH = `query M($id: ID!, $first: Int, $all: Boolean) { matchNeed(id: $id, first: $first, includeIneligible: $all) {
  candidate { id } score eligible missingCertifications { id } evidence { kind points detail path { id } } } }`;

async function matches(id: string, viewer?: Parameters<typeof post>[3], all = false): Promise<Match[]> {
  const res = await post(api.url, MATCH, { id, first: 100, all }, viewer);
  expect(res.body.errors).toBeUndefined();
  return res.body.data.matchNeed as Match[];
}
const byId = (ms: Match[]) => new Map(ms.map((m) => [m.candidate.id, m]));

describe('matchNeed ranking rules', () => {
  it('scores every candidate as the sum of its evidence, best first, ties by id', async () => {
    const ms = await matches('need:mt-need');
    for (const m of ms) expect(m.score).toBe(m.evidence.reduce((n, e) => n + e.points, 0));
    const keys = ms.map((m) => [-m.score, m.candidate.id] as const);
    expect(keys).toEqual([...keys].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1)));
  });

  it('ranks technology fit exact > narrower > broader > sibling, with the path through the hierarchy', async () => {
    const m = byId(await matches('need:mt-need'));
    const fit = (id: string) => m.get(id)!.evidence.find((e) => e.kind.startsWith('TECHNOLOGY_'))!;
    expect(fit('facility:mt-exact')).toMatchObject({ kind: 'TECHNOLOGY_EXACT', points: POINTS.TECHNOLOGY_EXACT });
    expect(fit('facility:mt-narrow')).toMatchObject({ kind: 'TECHNOLOGY_NARROWER', points: POINTS.TECHNOLOGY_NARROWER });
    expect(fit('facility:mt-narrow').path.map((n) => n.id)).toEqual(['facility:mt-narrow', 'tech:mt-child', 'tech:mt-t']);
    expect(fit('facility:mt-broad')).toMatchObject({ kind: 'TECHNOLOGY_BROADER', points: POINTS.TECHNOLOGY_BROADER });
    expect(fit('facility:mt-sib')).toMatchObject({ kind: 'TECHNOLOGY_SIBLING', points: POINTS.TECHNOLOGY_SIBLING });
    expect(fit('facility:mt-sib').path.map((n) => n.id)).toEqual(['facility:mt-sib', 'tech:mt-sib', 'tech:mt-root', 'tech:mt-t']);
    const s = (id: string) => m.get(id)!.score;
    expect(s('facility:mt-exact') - s('facility:mt-narrow')).toBe(POINTS.TECHNOLOGY_EXACT - POINTS.TECHNOLOGY_NARROWER);
    expect(s('facility:mt-narrow')).toBeGreaterThan(s('facility:mt-broad'));
    expect(s('facility:mt-broad')).toBeGreaterThan(s('facility:mt-sib'));
  });

  it('adds points for a certification held by the candidate or its operator, and lists the missing one otherwise', async () => {
    const m = byId(await matches('need:mt-need'));
    expect(m.get('facility:mt-cert')!.score - m.get('facility:mt-exact')!.score).toBe(POINTS.CERTIFICATION_HELD);
    expect(m.get('facility:mt-cert')!.evidence.find((e) => e.kind === 'CERTIFICATION_HELD')!.path.map((n) => n.id)).toEqual([
      'facility:mt-cert',
      'inst:mt-operator',
      'cert:mt-c',
    ]);
    expect(m.get('facility:mt-exact')!.missingCertifications).toEqual([{ id: 'cert:mt-c' }]);
    expect(m.get('facility:mt-exact')!.evidence.some((e) => e.kind === 'CERTIFICATION_MISSING' && e.points === 0)).toBe(true);
    expect(m.get('facility:mt-exact')!.eligible).toBe(true); // shown, not hidden: the need does not make it mandatory
    expect(m.get('inst:mt-focus')!.evidence.map((e) => e.kind).sort()).toEqual(['CERTIFICATION_HELD', 'TECHNOLOGY_EXACT']);
  });

  it('prefers a preferred park over a preferred district, and counts location once', async () => {
    const m = byId(await matches('need:mt-need'));
    const base = m.get('facility:mt-exact')!.score;
    expect(m.get('facility:mt-park')!.score - base).toBe(POINTS.LOCATION_PARK);
    expect(m.get('facility:mt-park')!.evidence.filter((e) => e.kind.startsWith('LOCATION_')).map((e) => e.kind)).toEqual(['LOCATION_PARK']);
    expect(m.get('facility:mt-dist')!.score - base).toBe(POINTS.LOCATION_DISTRICT);
    expect(m.get('facility:mt-dist')!.evidence.find((e) => e.kind === 'LOCATION_DISTRICT')!.path.map((n) => n.id)).toEqual(['facility:mt-dist', 'district:mt-d']);
  });

  it('scores facility access and recorded use (capped)', async () => {
    const m = byId(await matches('need:mt-need'));
    const base = m.get('facility:mt-exact')!.score;
    expect(m.get('facility:mt-open')!.score - base).toBe(POINTS.ACCESS.OPEN! - POINTS.ACCESS.CLOSED!);
    expect(m.get('facility:mt-used')!.score - base).toBe(PRIOR_USE_CAP);
    expect(m.get('facility:mt-used')!.evidence.filter((e) => e.kind === 'PRIOR_USE')).toHaveLength(PRIOR_USE_CAP / POINTS.PRIOR_USE);
  });

  it('scores every access level as documented: OPEN, CONDITIONAL, RESTRICTED above CLOSED', async () => {
    const m = byId(await matches('need:mt-need'));
    const base = m.get('facility:mt-exact')!;
    expect(base.evidence.find((e) => e.kind === 'ACCESS')).toMatchObject({ points: POINTS.ACCESS.CLOSED, detail: 'facility:mt-exact is CLOSED' });
    for (const [id, access] of [
      ['facility:mt-open', 'OPEN'],
      ['facility:mt-cond', 'CONDITIONAL'],
      ['facility:mt-restr', 'RESTRICTED'],
    ] as const) {
      expect(m.get(id)!.score - base.score, id).toBe(POINTS.ACCESS[access]! - POINTS.ACCESS.CLOSED!);
      expect(m.get(id)!.evidence.find((e) => e.kind === 'ACCESS')).toMatchObject({ points: POINTS.ACCESS[access], path: [{ id }] });
    }
    expect(POINTS.ACCESS.OPEN! > POINTS.ACCESS.CONDITIONAL! && POINTS.ACCESS.CONDITIONAL! > POINTS.ACCESS.RESTRICTED! && POINTS.ACCESS.RESTRICTED! > POINTS.ACCESS.CLOSED!).toBe(true);
  });

  it('counts one recorded use 5 points, with the user on its path', async () => {
    const m = byId(await matches('need:mt-need'));
    expect(m.get('facility:mt-used1')!.score - m.get('facility:mt-exact')!.score).toBe(POINTS.PRIOR_USE);
    expect(m.get('facility:mt-used1')!.evidence.find((e) => e.kind === 'PRIOR_USE')!.path.map((n) => n.id)).toEqual(['inst:mt-u1', 'facility:mt-used1']);
  });

  it("counts an institution's use of a facility serving the required technology", async () => {
    const m = byId(await matches('need:mt-need'));
    expect(m.get('inst:mt-user')!.score - m.get('inst:mt-plain')!.score).toBe(POINTS.PRIOR_USE);
    expect(m.get('inst:mt-user')!.evidence.find((e) => e.kind === 'PRIOR_USE')!.path.map((n) => n.id)).toEqual(['inst:mt-user', 'facility:mt-used']);
    expect(m.get('inst:mt-plain')!.evidence.some((e) => e.kind === 'ACCESS')).toBe(false); // access is a facility's
  });

  it('counts technology fit once per required technology, by its best kind', async () => {
    const m = byId(await matches('need:mt-need'));
    const both = m.get('facility:mt-both')!;
    expect(both.evidence.filter((e) => e.kind.startsWith('TECHNOLOGY_')).map((e) => e.kind)).toEqual(['TECHNOLOGY_EXACT']);
    expect(both.score).toBe(m.get('facility:mt-exact')!.score);
  });

  it('gives a missing certification no points, so holding it is worth exactly its points', async () => {
    const m = byId(await matches('need:mt-need'));
    const missing = m.get('inst:mt-plain')!.evidence.find((e) => e.kind === 'CERTIFICATION_MISSING')!;
    expect(missing).toMatchObject({ points: POINTS.CERTIFICATION_MISSING, path: [{ id: 'inst:mt-plain' }, { id: 'cert:mt-c' }] });
    expect(m.get('inst:mt-focus')!.score - m.get('inst:mt-plain')!.score).toBe(POINTS.CERTIFICATION_HELD - POINTS.CERTIFICATION_MISSING);
  });

  it('leaves out candidates a mandatory certification makes ineligible, unless asked to include them', async () => {
    const strict = await matches('need:mt-strict');
    expect(strict.map((m) => m.candidate.id).sort()).toEqual(['facility:mt-cert', 'inst:mt-focus']);
    expect(strict.every((m) => m.eligible && m.missingCertifications.length === 0)).toBe(true);
    const all = await matches('need:mt-strict', undefined, true);
    expect(all.length).toBeGreaterThan(strict.length);
    expect(all.find((m) => m.candidate.id === 'facility:mt-exact')!.eligible).toBe(false);
  });

  it('is deterministic: the same graph gives the same ranking', async () => {
    expect(await matches('need:mt-need')).toEqual(await matches('need:mt-need'));
  });
});

describe('matchNeed under clearance', () => {
  it('ignores a candidate whose only link is hidden, and finds it for a caller cleared to see the link', async () => {
    expect((await matches('need:mt-need')).map((m) => m.candidate.id)).not.toContain('facility:mt-secret-link');
    expect((await matches('need:mt-need', SECRET_READER)).map((m) => m.candidate.id)).toContain('facility:mt-secret-link');
  });

  it('answers a hidden need exactly like a missing one', async () => {
    const hidden = await post(api.url, MATCH, { id: 'need:mt-secret' });
    const missing = await post(api.url, MATCH, { id: 'need:mt-nothing' });
    expect(hidden.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(hidden.body.errors[0].message.replace('need:mt-secret', 'X')).toBe(missing.body.errors[0].message.replace('need:mt-nothing', 'X'));
    expect((await matches('need:mt-secret', SECRET_READER)).length).toBeGreaterThan(0);
  });

  it('matches the illustrative satellite-navigation testing need in Daxing with its evidence', async () => {
    const [top] = await matches('need:ex-daxing-gnss-testing');
    expect(top!.candidate.id).toBe('facility:ex-daxing-gnss-test-lab');
    expect(top!.evidence.map((e) => e.kind)).toEqual(expect.arrayContaining(['TECHNOLOGY_EXACT', 'CERTIFICATION_HELD', 'LOCATION_DISTRICT', 'ACCESS', 'PRIOR_USE']));
    const naval = await post(api.url, MATCH, { id: 'need:ex-naval-navigation-payload' });
    expect(naval.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});
