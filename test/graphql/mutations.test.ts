import { afterAll, describe, expect, it } from 'vitest';
import { deleteByPrefix } from '../helpers.js';
import { EDITOR, post, useApi } from './harness.js';

const api = useApi();
afterAll(async () => {
  for (const p of ['facility:mt-', 'inst:mt-', 'park:mt-', 'tech:mt-']) await deleteByPrefix(api.db, p);
});

const asEditor = (query: string, variables?: Record<string, unknown>) => post(api.url, query, variables, EDITOR);
const SRC = ['mutation test'];

describe('mutations', () => {
  it('create, update, link, unlink and delete a facility, each visible in the graph at once', async () => {
    const created = await asEditor(
      `mutation($input: FacilityInput!) { createFacility(input: $input) { facility { id name kind access classification } } }`,
      { input: { id: 'facility:mt-lab', name: '測試實驗室', nameEn: 'Test lab', kind: 'KEY_LAB', access: 'OPEN', sources: SRC } },
    );
    expect(created.body.data!.createFacility.facility).toEqual({ id: 'facility:mt-lab', name: '測試實驗室', kind: 'KEY_LAB', access: 'OPEN', classification: 'PUBLIC' });

    const updated = await asEditor(`mutation { updateFacility(id: "facility:mt-lab", patch: {access: CONDITIONAL, aliases: ["TL"]}) { facility { access aliases name } } }`);
    expect(updated.body.data!.updateFacility.facility).toEqual({ access: 'CONDITIONAL', aliases: ['TL'], name: '測試實驗室' });

    const linked = await asEditor(
      `mutation { link(input: {from: "facility:mt-lab", type: SERVES, to: "tech:beidou", sources: ["mutation test"], weight: 2}) { created relationship { id type weight classification } } }`,
    );
    expect(linked.body.data!.link).toEqual({
      created: true,
      relationship: { id: 'facility:mt-lab|SERVES|tech:beidou', type: 'SERVES', weight: 2, classification: 'PUBLIC' },
    });
    const again = await asEditor(`mutation { link(input: {from: "facility:mt-lab", type: SERVES, to: "tech:beidou", sources: ["mutation test"], weight: 5}) { created relationship { weight } } }`);
    expect(again.body.data!.link).toEqual({ created: false, relationship: { weight: 5 } });

    const served = await post(api.url, `{ node(id: "tech:beidou") { ... on Technology { facilities(filter: {ids: ["facility:mt-lab"]}) { totalCount } } } }`);
    expect(served.body.data!.node.facilities.totalCount).toBe(1);

    const unlinked = await asEditor(`mutation { unlink(from: "facility:mt-lab", type: SERVES, to: "tech:beidou") { deleted } }`);
    expect(unlinked.body.data!.unlink.deleted).toBe(true);
    const none = await asEditor(`mutation { unlink(from: "facility:mt-lab", type: SERVES, to: "tech:beidou") { deleted } }`);
    expect(none.body.data!.unlink.deleted).toBe(false);

    await asEditor(`mutation { link(input: {from: "facility:mt-lab", type: LOCATED_IN, to: "district:daxing", sources: ["mutation test"]}) { created } }`);
    const deleted = await asEditor(`mutation { deleteNode(id: "facility:mt-lab") { id relationshipsDeleted } }`);
    expect(deleted.body.data!.deleteNode).toEqual({ id: 'facility:mt-lab', relationshipsDeleted: 1 });
    expect((await post(api.url, `{ node(id: "facility:mt-lab") { id } }`)).body.data!.node).toBeNull();
  });

  it('creates a batch in one transaction with one audit record; a bad input anywhere writes nothing and is named', async () => {
    const batch = (ids: string[], extra: Record<string, unknown> = {}) =>
      ids.map((id, i) => ({ id, name: `批量${i}`, kind: 'TEST_PLATFORM', sources: SRC, ...(i === ids.length - 1 ? extra : {}) }));
    const mutation = `mutation Batch($inputs: [FacilityInput!]!) { createFacilities(inputs: $inputs) { facilities { id name } } }`;
    const ok = await asEditor(mutation, { inputs: batch(['facility:mt-b1', 'facility:mt-b2', 'facility:mt-b3']) });
    expect(ok.body.data!.createFacilities.facilities.map((f: { id: string }) => f.id)).toEqual(['facility:mt-b1', 'facility:mt-b2', 'facility:mt-b3']);
    const audited = await api.db.read(`MATCH (e:AuditEvent) WHERE e.operation = 'Batch:createFacilities' RETURN e.ids AS ids`);
    expect(audited.map((r) => r.ids)).toEqual([['facility:mt-b1', 'facility:mt-b2', 'facility:mt-b3']]);

    const cases: Array<[unknown[], string]> = [
      [batch(['facility:mt-c1', 'facility:mt-c2', 'facility:mt-c3'], { kind: 'SPACESHIP' }), 'inputs'], // enum: rejected by GraphQL itself
      [batch(['facility:mt-c1', 'facility:mt-c2', 'facility:mt-c3'], { classification: 'TOP_SECRET' }), 'inputs.2.classification'],
      [batch(['facility:mt-c1', 'facility:mt-c2', 'facility:mt-c1']), 'inputs.2.id'],
      [batch(['facility:mt-c1', 'facility:mt-b2']), 'inputs.1.id'],
      [batch(['facility:mt-c1', 'park:mt-c2']), 'inputs.1.id'],
      [batch([]), 'inputs'],
      [batch(Array.from({ length: 101 }, (_, i) => `facility:mt-many-${i}`)), 'inputs'],
    ];
    for (const [inputs, argument] of cases) {
      const res = await asEditor(mutation, { inputs });
      expect(res.body.errors?.[0]?.extensions?.code, JSON.stringify(res.body.errors)).toBe('BAD_USER_INPUT');
      if (argument !== 'inputs') expect(res.body.errors[0].extensions.argumentName).toBe(argument);
    }
    const written = await api.db.read(`MATCH (n:Facility) WHERE n.id STARTS WITH 'facility:mt-c' OR n.id STARTS WITH 'facility:mt-many' RETURN count(n) AS n`);
    expect(written[0]!.n).toBe(0);
  });

  it('create institutions, parks and technologies, deriving the id from the English name with a random suffix', async () => {
    const res = await asEditor(`mutation {
      i: createInstitution(input: {name: "測試大學", nameEn: "MT University", sector: UNIVERSITY, sources: ["mutation test"]}) { institution { id sector } }
      p: createPark(input: {id: "park:mt-park", name: "測試園", kind: PARK, sources: ["mutation test"]}) { park { id kind } }
      t: createTechnology(input: {id: "tech:mt-tech", name: "測試技術", sources: ["mutation test"]}) { technology { id } }
    }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({
      i: { institution: { id: expect.stringMatching(/^inst:mt-university-[a-z2-7]{8}$/), sector: 'UNIVERSITY' } },
      p: { park: { id: 'park:mt-park', kind: 'PARK' } },
      t: { technology: { id: 'tech:mt-tech' } },
    });
    const university = res.body.data.i.institution.id as string;
    const upd = await asEditor(`mutation { updatePark(id: "park:mt-park", patch: {kind: BASE}) { park { kind } } updateTechnology(id: "tech:mt-tech", patch: {nameEn: "MT"}) { technology { nameEn } } updateInstitution(id: "${university}", patch: {sector: RESEARCH_INSTITUTE}) { institution { sector } } }`);
    expect(upd.body.data).toEqual({ updatePark: { park: { kind: 'BASE' } }, updateTechnology: { technology: { nameEn: 'MT' } }, updateInstitution: { institution: { sector: 'RESEARCH_INSTITUTE' } } });
  });
});

describe('mutation errors name the argument and change nothing', () => {
  const code = (res: Awaited<ReturnType<typeof post>>) => res.body.errors?.[0]?.extensions;

  it('anonymous callers may not write', async () => {
    const res = await post(api.url, `mutation { deleteNode(id: "tech:beidou") { id } }`);
    expect(code(res)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await post(api.url, `{ node(id: "tech:beidou") { id } }`)).body.data!.node).toEqual({ id: 'tech:beidou' });
  });

  it('a relationship the ontology does not allow', async () => {
    const res = await asEditor(`mutation { link(input: {from: "tech:beidou", type: LOCATED_IN, to: "district:daxing", sources: ["x"]}) { created } }`);
    expect(res.body.errors![0]).toMatchObject({ message: 'LOCATED_IN is not allowed from Technology to District', extensions: { code: 'BAD_USER_INPUT', argumentName: 'input.type' } });
  });

  it('a missing endpoint, and a missing node to update or delete', async () => {
    const link = await asEditor(`mutation { link(input: {from: "inst:nobody", type: USES, to: "facility:ex-daxing-gnss-test-lab", sources: ["x"]}) { created } }`);
    expect(code(link)).toEqual({ code: 'NOT_FOUND', argumentName: 'input.from' });
    const upd = await asEditor(`mutation { updateFacility(id: "facility:nothing", patch: {access: OPEN}) { facility { id } } }`);
    expect(code(upd)).toEqual({ code: 'NOT_FOUND', argumentName: 'id' });
    const del = await asEditor(`mutation { deleteNode(id: "facility:nothing") { id } }`);
    expect(code(del)).toEqual({ code: 'NOT_FOUND', argumentName: 'id' });
    const wrongLabel = await asEditor(`mutation { updatePark(id: "tech:beidou", patch: {kind: BASE}) { park { id } } }`);
    expect(code(wrongLabel)).toEqual({ code: 'NOT_FOUND', argumentName: 'id' });
  });

  it('values out of range, a bad id, a taken id, and no provenance', async () => {
    const weight = await asEditor(`mutation { link(input: {from: "inst:avic", type: USES, to: "facility:ex-daxing-gnss-test-lab", sources: ["x"], weight: -1}) { created } }`);
    expect(code(weight)).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'input.weight' });
    const id = await asEditor(`mutation { createFacility(input: {id: "Facility:Bad Id", name: "x", kind: KEY_LAB, sources: ["x"]}) { facility { id } } }`);
    expect(code(id)).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'input.id' });
    const prefix = await asEditor(`mutation { createFacility(input: {id: "tech:mt-x", name: "x", kind: KEY_LAB, sources: ["x"]}) { facility { id } } }`);
    expect(prefix.body.errors![0]!.message).toBe("ids of Facility start with 'facility:'");
    const taken = await asEditor(`mutation { createTechnology(input: {id: "tech:beidou", name: "x", sources: ["x"]}) { technology { id } } }`);
    expect(code(taken)).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'input.id' });
    const sources = await asEditor(`mutation { createTechnology(input: {id: "tech:mt-nosrc", name: "x", sources: []}) { technology { id } } }`);
    expect(code(sources)).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'input.sources' });
    const empty = await asEditor(`mutation { updateFacility(id: "facility:ex-daxing-gnss-test-lab", patch: {name: ""}) { facility { id } } }`);
    expect(code(empty)).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'patch.name' });
  });

  it('an editor cannot create or link anything above their clearance', async () => {
    const res = await asEditor(`mutation { createTechnology(input: {id: "tech:mt-secret", name: "x", classification: SECRET, sources: ["x"]}) { technology { id } } }`);
    expect(code(res)).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'input.classification' });
    const link = await asEditor(`mutation { link(input: {from: "inst:avic", type: USES, to: "facility:ex-daxing-gnss-test-lab", sources: ["x"], classification: TOP_SECRET}) { created } }`);
    expect(code(link)).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'input.classification' });
    const hiddenTarget = await asEditor(`mutation { link(input: {from: "inst:avic", type: USES, to: "facility:ex-top-secret-payload-lab", sources: ["x"]}) { created } }`);
    expect(hiddenTarget.body.errors![0]).toMatchObject({ message: "no node with id 'facility:ex-top-secret-payload-lab'", extensions: { code: 'NOT_FOUND', argumentName: 'input.to' } });
  });
});
