import { describe, expect, it } from 'vitest';
import { validate, type RawFile } from '../../../src/data/dataset.js';
import { SEED_DIR } from '../../../src/seed.js';
import { ingestFile, knownFromDir, proposalContents, type KnownGraph, type Proposal } from '../../../src/io/ingest/index.js';
import type { Label } from '../../../src/ontology.js';

const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;

/** The plan's curated graph plus two parks that share the name 航天城. */
async function known(): Promise<KnownGraph> {
  const seed = await knownFromDir(SEED_DIR, 'TOP_SECRET');
  const extra = await knownFromDir(fixture('extra-graph'), 'TOP_SECRET');
  return { entities: [...seed.entities, ...extra.entities], existingRelationships: seed.existingRelationships };
}

const ingest = async (name: string) => (await ingestFile(fixture(name), await known(), 'test graph')).proposal;
const responsible = (p: Proposal, clause: string) =>
  p.links.filter((l) => l.type === 'RESPONSIBLE_FOR' && l.clause === clause).map((l) => `${l.record.rank} ${l.record.from} ${l.record.role}`);
const concerns = (p: Proposal, clause: string) => p.links.filter((l) => l.type === 'CONCERNS' && l.clause === clause).map((l) => l.record.to);

/** The proposal's files as `kg import --dry-run` reads them, validated against the labels of the known graph. */
async function validateProposal(p: Proposal): Promise<void> {
  const files: RawFile[] = proposalContents(p).map((c) => ({ file: `${c.label ?? c.type}.json`, label: c.label, type: c.type, records: c.records }));
  const labels = new Map<string, Label>((await known()).entities.map((e) => [e.id, e.label]));
  validate(files, labels);
}

describe('a simplified plan (牵头单位/配合单位, 责任单位, verb style, nested clauses)', () => {
  it('proposes its document with header fields and cites number and clause in every record', async () => {
    const p = await ingest('haidian-plan-simplified.txt');
    expect(p.documentExists).toBe(false);
    expect(p.nodes.find((n) => n.label === 'Document')!.record).toMatchObject({
      id: 'doc:haizhengfa-2016-5', number: '海政发〔2016〕5号', issuer: '北京市海淀区人民政府', signed: '2016-03-08', published: '2016-03-20',
      aliases: ['海政发〔2016〕5号', '海淀区推进军民融合创新发展行动计划(2016—2018年)'],
    });
    for (const n of p.nodes) for (const s of n.record.sources as string[]) expect(s).toMatch(/^海政发〔2016〕5号/);
    for (const l of p.links) expect((l.record.sources as string[]).every((s) => s.startsWith(`海政发〔2016〕5号 ${l.clause}`))).toBe(true);
  });

  it('makes one task per annotated clause, nested ones included, each PART_OF the document', async () => {
    const p = await ingest('haidian-plan-simplified.txt');
    expect(p.tasks.map((t) => t.clause)).toEqual(['§二(一)1', '§二(一)2(1)', '§二(一)2(2)', '§二(二)1', '§三(一)', '§三(二)']);
    const partOf = p.links.filter((l) => l.type === 'PART_OF' && l.record.to === 'doc:haizhengfa-2016-5').map((l) => l.record.from);
    for (const t of p.tasks) expect(partOf).toContain(t.id);
    expect(p.unannotated).toContainEqual({ clause: '§二(二)2', text: '完善知识产权集中托管平台。' });
  });

  it('resolves abbreviations to the existing agencies, with lead and supporting roles and ranks in listed order', async () => {
    const p = await ingest('haidian-plan-simplified.txt');
    expect(responsible(p, '§二(一)1')).toEqual([
      '1 agency:municipal-development-reform-commission LEAD', // 市发改委
      '2 agency:municipal-sci-tech-commission SUPPORT',
      '3 agency:haidian-district-government SUPPORT',
    ]);
    const abbreviated = p.links.find((l) => l.type === 'RESPONSIBLE_FOR' && l.matched === '市发改委')!;
    expect(abbreviated.record).toMatchObject({ basis: 'STATED', note: 'listed as "市发改委"; resolved by abbreviation', sources: ['海政发〔2016〕5号 §二(一)1 牵头单位'] });
    expect(responsible(p, '§二(一)2(1)')).toEqual(['1 agency:haidian-district-government LEAD', '2 agency:zgc-administrative-committee LEAD']);
    expect(responsible(p, '§二(二)1')[0]).toBe('1 agency:municipal-economy-it-commission LEAD'); // 市经信委
  });

  it('links district governments as a group (各区政府) and proposes an unknown agency as a new node', async () => {
    const p = await ingest('haidian-plan-simplified.txt');
    expect(responsible(p, '§二(一)2(2)')).toEqual([
      '1 agency:municipal-development-reform-commission LEAD',
      '2 agency:municipal-sci-tech-commission LEAD',
      '3 agency:district-governments LEAD',
    ]);
    const agencies = p.nodes.filter((n) => n.label === 'Agency').map((n) => n.record);
    expect(agencies).toEqual([
      expect.objectContaining({ id: 'agency:district-governments', name: '各区政府', kind: 'DISTRICT_GOVERNMENT' }),
      expect.objectContaining({ id: 'agency:shi-shang-wu-wei', name: '市商务委', kind: 'MUNICIPAL_COMMISSION', note: "kind inferred from the name's ending" }),
    ]);
  });

  it('links mentions of known entities script-insensitively, as INFERRED with the matched text', async () => {
    const p = await ingest('haidian-plan-simplified.txt');
    expect(concerns(p, '§二(一)1')).toEqual(['park:zgc-science-city-cmf-base', 'park:zgc-defence-science-park', 'tech:satellite-navigation', 'tech:new-materials']);
    const link = p.links.find((l) => l.type === 'CONCERNS' && l.record.to === 'park:dongsheng-defence-science-park')!;
    expect(link.record).toMatchObject({ basis: 'INFERRED', note: 'matched "东升(国防)科技园" in the clause text' });
  });

  it('lists an ambiguous name with its candidates and links it to neither', async () => {
    const p = await ingest('haidian-plan-simplified.txt');
    expect(p.ambiguous).toEqual([
      {
        text: '航天城', clause: '§二(二)1',
        candidates: [
          { id: 'park:test-aerospace-city-haidian', label: 'Park', name: '北京航天城(海淀)' },
          { id: 'park:test-aerospace-city-fengtai', label: 'Park', name: '豐台航天城' },
        ],
      },
    ]);
    expect(concerns(p, '§二(二)1')).toEqual([]);
  });

  it('reads goals with their target year and phases with their dates; phase work items are SCHEDULED_IN them', async () => {
    const p = await ingest('haidian-plan-simplified.txt');
    const records = (label: string) => p.nodes.filter((n) => n.label === label).map((n) => n.record);
    expect(records('Goal').map((g) => [g.name, g.targetDate, g.description])).toEqual([
      ['园区承载能力明显提升', '2018', '建成一批军民融合特色园区。'],
      ['资源共享水平显著提高', '2018', '军民科研条件开放共享。'],
    ]);
    expect(records('Phase').map((ph) => [ph.name, ph.start, ph.end])).toEqual([
      ['启动阶段', undefined, '2016-06-30'],
      ['推进阶段', '2016-07', '2018-12'],
    ]);
    const scheduled = p.links.filter((l) => l.type === 'SCHEDULED_IN').map((l) => `${l.record.from} -> ${l.record.to}`);
    expect(scheduled).toEqual([
      'task:haizhengfa-2016-5-3-1 -> phase:haizhengfa-2016-5-qi-dong-jie-duan',
      'task:haizhengfa-2016-5-3-2 -> phase:haizhengfa-2016-5-tui-jin-jie-duan',
    ]);
  });

  it('is valid input for the importer', async () => {
    await validateProposal(await ingest('haidian-plan-simplified.txt'));
  });
});

describe('a traditional plan saved as HTML (主責單位, 責任單位, 牽頭單位)', () => {
  it('resolves traditional names, a full official name and the same new agency id as the simplified plan', async () => {
    const p = await ingest('fengtai-points-traditional.html');
    expect(p.tasks.map((t) => t.clause)).toEqual(['§一(一)', '§一(二)', '§一(三)']);
    expect(responsible(p, '§一(一)')).toEqual(['1 agency:fengtai-district-government LEAD', '2 agency:municipal-sci-tech-commission LEAD', '3 agency:shi-shang-wu-wei LEAD']);
    expect(responsible(p, '§一(二)')).toEqual(['1 agency:municipal-financial-work-bureau LEAD', '2 agency:zgc-administrative-committee LEAD']);
    // 市經濟和信息化委員會, the full name, folds to the curated 市經濟信息化委
    expect(responsible(p, '§一(三)')).toEqual(['1 agency:municipal-economy-it-commission LEAD', '2 agency:fengtai-district-government SUPPORT']);
    expect(concerns(p, '§一(一)')).toEqual(['park:fengtai-cmf-innovation-base', 'park:zgc-science-city-cmf-base', 'facility:fengtai-defence-ip-patent-conversion-center', 'tech:emergency-rescue', 'tech:communication-navigation', 'tech:new-materials']);
    await validateProposal(p);
  });
});

describe('a document of unknown format', () => {
  it('reports what it could not parse and proposes nothing', async () => {
    const p = await ingest('press-release-unknown.txt');
    expect(p.nodes).toEqual([]);
    expect(p.links).toEqual([]);
    expect(p.tasks).toEqual([]);
    expect(p.problems.map((x) => x.message)).toContain('no numbered clauses (一、 (一) 1. (1)) found: no tasks, goals or phases can be proposed');
    expect(p.problems.at(-1)!.message).toBe('not recognised as a plan of this genre (no number, no title): nothing proposed');
  });
});
