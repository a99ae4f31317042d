import { describe, expect, it } from 'vitest';
import { load } from '../../src/data/loader.js';
import { deleteByPrefix } from '../helpers.js';
import { EDITOR, post, SECRET_READER, useApi } from './harness.js';
import { SEARCH_CASES } from './search-queries.js';

const api = useApi();
const ok = async (query: string, variables?: Record<string, unknown>, viewer?: Parameters<typeof post>[3]) => {
  const res = await post(api.url, query, variables, viewer);
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data!;
};
const SEARCH = 'query($t: String!, $n: Int) { search(text: $t, first: $n) { score node { id name } } }';
const top = async (text: string, n = 5, viewer?: Parameters<typeof post>[3]) =>
  ((await ok(SEARCH, { t: text, n }, viewer)).search as Array<{ score: number; node: { id: string } }>).map((h) => h.node.id);

describe('search as users type (recall@5 over the query set, anonymous PUBLIC caller)', () => {
  it(`finds the expected node in the top 5 for at least 95% of ${SEARCH_CASES.length} queries, in every category`, async () => {
    expect(SEARCH_CASES.length).toBeGreaterThanOrEqual(80);
    const byCategory = new Map<string, { hit: number; all: number; misses: string[] }>();
    for (const c of SEARCH_CASES) {
      const ids = await top(c.text);
      const s = byCategory.get(c.category) ?? { hit: 0, all: 0, misses: [] };
      s.all++;
      if (ids.includes(c.expected)) s.hit++;
      else s.misses.push(`${c.text} → ${c.expected} (got ${ids.join(', ')})`);
      byCategory.set(c.category, s);
    }
    const total = [...byCategory.values()].reduce((a, s) => ({ hit: a.hit + s.hit, all: a.all + s.all }), { hit: 0, all: 0 });
    const lines = [...byCategory].map(([k, s]) => `  ${k.padEnd(14)} ${s.hit}/${s.all} = ${((100 * s.hit) / s.all).toFixed(1)}%${s.misses.length ? `  misses: ${s.misses.join('; ')}` : ''}`);
    process.stdout.write(`search recall@5 by category:\n${lines.join('\n')}\n  all            ${total.hit}/${total.all} = ${((100 * total.hit) / total.all).toFixed(1)}%\n`);
    expect(total.hit / total.all).toBeGreaterThanOrEqual(0.95);
    for (const s of byCategory.values()) expect(s.hit / s.all).toBeGreaterThanOrEqual(0.9);
  }, 300_000);

  it.each([
    ['中关村', 'park:zgc-national-innovation-demonstration-zone'],
    ['蓝鲸', 'park:navy-beijing-cmf-innovation-park'],
    ['民参军', 'fin:civil-to-military-industry-fund'],
    ['军用标准', 'standard:national-military-standards'],
    ['卫星', 'tech:satellite-applications'],
    ['实验室', 'facility:ex-daxing-gnss-test-lab'],
    ['大兴', 'district:daxing'],
    ['航空发动机', 'tech:aero-engines'],
    ['芯片', 'tech:high-end-general-purpose-chips'],
    ['智能装备', 'tech:intelligent-equipment'],
    ['基础软件', 'tech:basic-software'],
    ['移动通信', 'tech:next-generation-mobile-communications'],
    ['chip', 'tech:high-end-general-purpose-chips'],
    ['patent', 'ip:defence-patents'],
    ['robot', 'tech:industrial-intelligent-robots'],
    ['metamaterial', 'tech:metamaterials'],
    ['GJB', 'standard:national-military-standards'],
    ['Zhongguancum', 'park:zgc-national-innovation-demonstration-zone'],
    ['satelite', 'tech:satellite-applications'],
  ])('finds the issue example %s → %s in the top 5', async (text, id) => {
    expect(await top(text)).toContain(id);
  });

  it('finds the tasks about 民參軍 by their summaries, below the four nodes named with it', async () => {
    // four nodes carry 民參軍 in their names (the enterprises' class, the fund, the evaluation mechanism,
    // the two-way transfer task); a name hit ranks above a summary hit, so of the two tasks whose
    // summaries speak of it, §二(四)2 (twice) comes 5th and §二(二)5 (once) right after
    const hits = await top('民參軍', 10);
    expect(hits.slice(0, 5)).toContain('task:sci-tech-finance');
    expect(hits.indexOf('task:mechanism-innovation')).toBeGreaterThan(hits.indexOf('task:sci-tech-finance'));
    expect(hits).toContain('task:mechanism-innovation');
  });

  it('counts a summary that says the query twice above one that says it once, still below every name', async () => {
    const hits = (await ok(SEARCH, { t: '民參軍', n: 20 })).search as Array<{ score: number; node: { id: string } }>;
    const scoreOf = (id: string) => hits.find((h) => h.node.id === id)!.score;
    expect(scoreOf('task:sci-tech-finance')).toBeGreaterThan(scoreOf('task:defence-ip'));
    expect(scoreOf('task:sci-tech-finance')).toBeLessThan(scoreOf('task:civil-military-two-way-transfer'));
  });

  it('ranks the exact name first: 航空发动机 → 航空發動機, Satellite navigation → 衛星導航', async () => {
    expect((await top('航空发动机'))[0]).toBe('tech:aero-engines');
    expect((await top('Satellite navigation'))[0]).toBe('tech:satellite-navigation');
    expect((await top('metamaterials'))[0]).toBe('tech:metamaterials');
  });

  it('finds the same nodes for 大兴, 大興 and 大兴区 / 大興區 (script and form do not matter)', async () => {
    const a = await top('大兴', 20);
    expect(await top('大興', 20)).toEqual(a);
    expect(await top('大兴区', 20)).toEqual(await top('大興區', 20));
    expect(a).toContain('district:daxing');
  });

  it('ranks a typo below the exact word for the same node', async () => {
    const score = async (text: string, id: string) =>
      ((await ok(SEARCH, { t: text, n: 20 })).search as Array<{ score: number; node: { id: string } }>).find((h) => h.node.id === id)?.score;
    expect(await score('satelite', 'tech:satellite-navigation')).toBeLessThan((await score('satellite', 'tech:satellite-navigation'))!);
    expect(await score('chip', 'tech:high-end-general-purpose-chips')).toBeLessThan((await score('chips', 'tech:high-end-general-purpose-chips'))!);
  });

  it('searches summaries with a lower weight than names', async () => {
    const hits = (await ok(SEARCH, { t: '民參軍', n: 20 })).search as Array<{ score: number; node: { id: string } }>;
    const fund = hits.find((h) => h.node.id === 'fin:civil-to-military-industry-fund')!;
    const task = hits.find((h) => h.node.id === 'task:sci-tech-finance')!; // 民參軍 only in its summary
    expect(task.score).toBeLessThan(fund.score);
  });
});

describe('search text is always literal (no Lucene syntax)', () => {
  it.each(['AND', 'OR', 'NOT', 'and', 'or', 'not', '衛星 AND', 'AND 衛星', '衛星 OR', 'NOT 衛星', '"', '\\', '*', '?', '~', 'a:b', '(', '[a TO b]', '衛星^10', '/regex/', '&&', '||', '!'])(
    '%s answers hits or nothing, never an error',
    async (text) => {
      const res = await post(api.url, SEARCH, { t: text, n: 5 });
      expect(res.body.errors).toBeUndefined();
      expect(Array.isArray(res.body.data!.search)).toBe(true);
    },
  );

  it('treats AND as a word: 衛星 AND 海軍 answers like 衛星 海軍 plus the word "and"', async () => {
    const withOperator = await top('衛星 AND 海軍', 20);
    expect(withOperator.length).toBeGreaterThan(0);
    expect(new Set(withOperator)).toEqual(new Set(await top('衛星 and 海軍', 20)));
  });

  it('rejects empty and overlong text with BAD_USER_INPUT naming it', async () => {
    for (const t of ['   ', 'x'.repeat(201)]) {
      const res = await post(api.url, SEARCH, { t, n: 5 });
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'text' });
    }
  });
});

describe('search statistics per clearance', () => {
  const PREFIX = 'park:srch-probe-';
  it('gives a visible node the same score whatever hidden nodes hold the term', async () => {
    const navy = async (viewer?: Parameters<typeof post>[3]) =>
      ((await ok(SEARCH, { t: '海軍', n: 100 }, viewer)).search as Array<{ score: number; node: { id: string } }>).find(
        (h) => h.node.id === 'park:navy-beijing-cmf-innovation-park',
      )!.score;
    const before = await navy();
    expect(await navy(SECRET_READER)).toBe(before); // SECRET nodes with 海軍 are visible to this caller
    await load(api.db, [
      {
        file: 'probe.json',
        label: 'Park',
        records: [
          ...Array.from({ length: 20 }, (_, i) => ({ id: `${PREFIX}${i}`, name: `海軍海軍${i}`, kind: 'PARK', classification: 'TOP_SECRET', sources: ['test'] })),
          // visible ones too: other documents' term frequencies must not move a score either
          ...Array.from({ length: 20 }, (_, i) => ({ id: `${PREFIX}pub-${i}`, name: `海軍${i}`, kind: 'PARK', classification: 'PUBLIC', sources: ['test'] })),
        ],
      },
    ]);
    try {
      expect(await navy()).toBe(before);
      expect(await top('海軍海軍', 20)).not.toContain(`${PREFIX}0`);
    } finally {
      await deleteByPrefix(api.db, PREFIX);
    }
    expect(await navy()).toBe(before); // deleted documents (still in Lucene's statistics until a merge) count for nothing
  });

  it('puts a node in the indexes of the clearances that may see it, and moves it when reclassified', async () => {
    const labels = await api.db.read(
      "MATCH (n:Entity) WHERE n.id IN ['facility:ex-top-secret-payload-lab', 'district:daxing'] RETURN n.id AS id, [l IN labels(n) WHERE l STARTS WITH 'Search'] AS search ORDER BY id",
    );
    expect(labels.map((r) => [r.id, [...(r.search as string[])].sort()])).toEqual([
      ['district:daxing', ['SearchL0', 'SearchL1', 'SearchL2', 'SearchL3', 'SearchL4']],
      ['facility:ex-top-secret-payload-lab', ['SearchL4']],
    ]);
  });
});

describe('resolve', () => {
  const RESOLVE = 'query($t: String!, $l: NodeLabel) { resolve(text: $t, label: $l) { node { id } } }';
  it('returns the best-matching ids for a name, of the label asked', async () => {
    const r = await ok(RESOLVE, { t: '大兴区', l: 'District' });
    expect(r.resolve[0].node.id).toBe('district:daxing');
    const parks = await ok(RESOLVE, { t: '大兴', l: 'Park' });
    expect(parks.resolve.map((h: any) => h.node.id)).toContain('park:daxing-cmi-industrial-base');
    expect(parks.resolve.every((h: any) => h.node.id.startsWith('park:'))).toBe(true);
  });

  it('puts an exact visible id first, and treats a hidden id as text', async () => {
    expect((await ok(RESOLVE, { t: 'district:daxing' })).resolve[0].node.id).toBe('district:daxing');
    const hidden = await ok(RESOLVE, { t: 'facility:ex-top-secret-payload-lab' }, EDITOR);
    expect(hidden.resolve.map((h: any) => h.node.id)).not.toContain('facility:ex-top-secret-payload-lab');
  });
});

describe('names where ids are expected', () => {
  it('answers a name given as a filter id with BAD_USER_INPUT, the argument and suggestions', async () => {
    const res = await post(api.url, '{ parks(filter: {district: "大興區"}) { totalCount } }');
    expect(res.body.data).toBeNull();
    const e = res.body.errors[0];
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'filter.district' });
    expect(e.extensions.suggestions[0]).toEqual({ id: 'district:daxing', name: '大興區' });
    expect(e.extensions.suggestions.length).toBeLessThanOrEqual(5);
    expect(e.message).toContain("no District with id '大興區'; did you mean district:daxing 大興區");
  });

  it('names the nested argument at fault and checks the label', async () => {
    const res = await post(api.url, '{ facilities(filter: {OR: [{district: "district:haidian"}, {district: "park:zgc-haidian-park"}]}) { totalCount } }');
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'filter.OR.1.district' });
  });

  it('suggests from an id with a typo, in relationship lists too', async () => {
    const res = await post(api.url, '{ districts(first: 1) { nodes { parks(filter: {district: "district:daxnig"}) { totalCount } } } }');
    expect(res.body.errors[0].extensions.argumentName).toBe('filter.district');
    expect(res.body.errors[0].extensions.suggestions.map((s: any) => s.id)).toContain('district:daxing');
  });

  it('checks path ends and coverage arguments the same way', async () => {
    const path = await post(api.url, '{ path(from: "北航", to: "district:daxing") { length } }');
    expect(path.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'from' });
    expect(path.body.errors[0].extensions.suggestions.map((s: any) => s.id)).toContain('inst:buaa');
    const cov = await post(api.url, '{ facilityCoverage(districts: ["district:daxing", "haidian"]) { facilities } }');
    expect(cov.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'districts.1' });
  });

  it('answers a hidden id like a missing one, suggesting only visible nodes', async () => {
    const q = (id: string) => `{ facilities(filter: {institution: "${id}"}) { totalCount } }`;
    const hidden = await post(api.url, q('inst:ex-naval-research-unit'));
    expect(hidden.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'filter.institution' });
    expect(JSON.stringify(hidden.body)).not.toMatch(/ex-naval-research-unit"/);
    const visible = await post(api.url, q('inst:ex-naval-research-unit'), undefined, SECRET_READER);
    expect(visible.body.errors).toBeUndefined();
  });

  it('never suggests a classified node: errors are not audited, so they carry no classified name', async () => {
    const typo = await post(api.url, '{ facilities(filter: {institution: "inst:ex-naval-research-unt"}) { totalCount } }', undefined, SECRET_READER);
    expect(typo.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(typo.body)).not.toContain('inst:ex-naval-research-unit');
  });
});

describe('orderBy NAME follows Chinese collation, NAME_EN English collation', () => {
  const names = (conn: { nodes: Array<{ name: string }> }) => conn.nodes.map((n) => n.name);
  it('sorts districts and phases by pinyin, not code point', async () => {
    const d = await ok('{ districts(filter: {ids: ["district:haidian", "district:daxing", "district:fengtai", "district:changping", "district:shunyi"]}) { nodes { name } } }');
    expect(names(d.districts)).toEqual(['昌平區', '大興區', '豐台區', '海淀區', '順義區']);
    const p = await ok('{ phases { nodes { name } } }');
    // digits first, then chou2 < da4 < shi2
    expect(names(p.phases)).toEqual(['2013年8月至12月', '2014年至2015年', '籌劃階段', '大興試點階段(示例)', '實施階段']);
    const desc = await ok('{ phases(orderBy: {field: NAME, direction: DESC}) { nodes { name } } }');
    expect(names(desc.phases)).toEqual(['實施階段', '大興試點階段(示例)', '籌劃階段', '2014年至2015年', '2013年8月至12月']);
  });

  it('sorts by English name ignoring case and punctuation, and pages through it with cursors', async () => {
    const all = await ok('{ technologies(orderBy: {field: NAME_EN}, first: 100) { nodes { nameEn } } }');
    const en = all.technologies.nodes.map((n: any) => n.nameEn as string);
    const key = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
    expect(en.map(key)).toEqual([...en.map(key)].sort());
    const paged: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await ok('query($a: String) { technologies(orderBy: {field: NAME_EN}, first: 7, after: $a) { nodes { nameEn } pageInfo { hasNextPage endCursor } } }', { a: after });
      paged.push(...page.technologies.nodes.map((n: any) => n.nameEn));
      if (!page.technologies.pageInfo.hasNextPage) break;
      after = page.technologies.pageInfo.endCursor;
    }
    expect(paged).toEqual(en);
  });
});
