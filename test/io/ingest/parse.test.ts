import { describe, expect, it } from 'vitest';
import { parseDocument, chineseNumber, type Clause } from '../../../src/io/ingest/parse.js';
import { parsePeriod } from '../../../src/io/ingest/units.js';
import { readSource } from '../../../src/io/ingest/source.js';
import { seedDocument } from './seed-doc.js';

const SEED_DOC = seedDocument();
const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;
const labels = (cs: Clause[]): string[] => cs.flatMap((c) => [c.label, ...labels(c.children)]);

describe('header', () => {
  it('reads the seed plan: number (brackets normalised), title, plan title, issuer, signed and published dates', async () => {
    const { header, problems } = parseDocument((await readSource(SEED_DOC)).text);
    expect(header).toEqual({
      number: '京政發〔2013〕19號',
      title: '北京市人民政府關於印發建設中關村軍民融合科技創新示範基地行動計劃(2013—2015年)的通知',
      planTitle: '建設中關村軍民融合科技創新示範基地行動計劃(2013-2015年)',
      issuer: '北京市人民政府',
      signed: '2013-07-12',
      published: '2013-08-15',
    });
    expect(problems).toEqual([]);
  });

  it('reads a simplified header and an HTML page (entities decoded, scripts ignored)', async () => {
    const simplified = parseDocument((await readSource(fixture('haidian-plan-simplified.txt'))).text);
    expect(simplified.header).toMatchObject({ number: '海政发〔2016〕5号', issuer: '北京市海淀区人民政府', signed: '2016-03-08', published: '2016-03-20' });
    const html = await readSource(fixture('fengtai-points-traditional.html'));
    expect(html.format).toBe('html');
    const parsed = parseDocument(html.text);
    expect(parsed.header).toMatchObject({ number: '豐政發〔2015〕12號', title: '北京市豐台區人民政府關於印發豐台區2015年軍民融合工作要點的通知', signed: '2015-04-28', published: '2015-05-06' });
    expect(labels(parsed.clauses)).toEqual(['§一', '§一(一)', '§一(二)', '§一(三)']); // the script's 一、 is not a clause
  });
});

describe('clause tree', () => {
  it('nests 一、 (一) 1. (1) and labels clauses as the curated graph does', async () => {
    const { clauses } = parseDocument((await readSource(SEED_DOC)).text);
    const all = labels(clauses);
    expect(clauses.map((c) => c.label)).toEqual(['§一', '§二', '§三']);
    expect(all).toContain('§二(一)1(3)');
    expect(all).toContain('§二(三)1(5)');
    expect(all).toContain('§三(二)3');
    expect(all.filter((l) => /^§二\(二\)\d$/.test(l))).toEqual(['§二(二)1', '§二(二)2', '§二(二)3', '§二(二)4', '§二(二)5']);
  });

  it('keeps a clause number out of sequence as written and reports it', () => {
    const { clauses, problems } = parseDocument('北京市某某委員會關於某事的通知\n一、任務\n1.甲。\n3.乙。\n');
    expect(labels(clauses)).toEqual(['§一', '§一1', '§一3']);
    expect(problems).toContainEqual(expect.objectContaining({ line: 4, message: 'clause number 3 where 2 was expected (kept as written)' }));
  });

  it('reports a document without clause markers and proposes no clauses', async () => {
    const { clauses, problems, header } = parseDocument((await readSource(fixture('press-release-unknown.txt'))).text);
    expect(clauses).toEqual([]);
    expect(header).toEqual({});
    expect(problems.map((p) => p.message)).toEqual([
      'header: no document number (文號) found',
      'header: no title found',
      'header: no issuer found',
      'header: no date signed (落款) found',
      'header: no date published (發佈日期) found',
      'no numbered clauses (一、 (一) 1. (1)) found: no tasks, goals or phases can be proposed',
    ]);
  });

  it('reads Chinese numerals up to 99', () => {
    expect([chineseNumber('一'), chineseNumber('十'), chineseNumber('十二'), chineseNumber('二十'), chineseNumber('三十五'), chineseNumber('7')]).toEqual([1, 10, 12, 20, 35, 7]);
  });
});

describe('phase periods', () => {
  it('reads ranges, month ends and year ends as ISO dates, as precise as the text', () => {
    expect(parsePeriod('2013年8月至2015年12月')).toEqual({ start: '2013-08', end: '2015-12' });
    expect(parsePeriod('2013年8月至12月')).toEqual({ start: '2013-08', end: '2013-12' });
    expect(parsePeriod('2013年7月底前')).toEqual({ end: '2013-07-31' });
    expect(parsePeriod('2016年2月底前')).toEqual({ end: '2016-02-29' });
    expect(parsePeriod('2015年底前')).toEqual({ end: '2015-12-31' });
    expect(parsePeriod('近期')).toEqual({});
  });
});
