import { describe, expect, it } from 'vitest';
import { Gazetteer, agencyKey, type KnownEntity } from '../../../src/io/ingest/gazetteer.js';
import { agencyKind } from '../../../src/io/ingest/propose.js';
import { clauseSlug, documentSlug, IdAllocator, slug } from '../../../src/io/ingest/ids.js';

const e = (id: string, label: KnownEntity['label'], name: string, aliases: string[] = []): KnownEntity => ({ id, label, name, aliases, sources: ['test'] });

const gaz = new Gazetteer([
  e('agency:ndrc', 'Agency', '市發展改革委', ['北京市發展和改革委員會']),
  e('agency:it', 'Agency', '市經濟信息化委'),
  e('agency:zgc', 'Agency', '中關村管委會', ['中關村科技園區管理委員會']),
  e('agency:haidian', 'Agency', '海淀區政府'),
  e('agency:fengtai', 'Agency', '豐台區政府'),
  e('district:haidian', 'District', '海淀區', ['海淀']),
  e('district:fengtai', 'District', '豐台區'),
  e('park:zone', 'Park', '中關村國家自主創新示範區', ['中關村']),
  e('park:defence', 'Park', '中關村國防科技園'),
  e('tech:ngi', 'Technology', '下一代網際網路'),
  e('standard:satcom', 'Standard', '衛星通信標準體系'),
  e('standard:satnav', 'Standard', '衛星導航標準體系'),
  e('tech:satnav', 'Technology', '衛星導航'),
  e('task:x', 'Task', '推進中關村國防科技園建設'),
]);

describe('agency names', () => {
  it('folds the genre\'s abbreviations: 市發改委 = 市發展改革委 = 北京市發展和改革委員會, in either script', () => {
    const keys = ['市發改委', '市发改委', '市發展改革委', '北京市發展和改革委員會', '北京市发展和改革委员会'].map(agencyKey);
    expect(new Set(keys).size).toBe(1);
    expect(agencyKey('北京市經濟和信息化委員會')).toBe(agencyKey('市經信委'));
    expect(agencyKey('北京市海淀區人民政府')).toBe(agencyKey('市海淀區政府'));
  });

  it('resolves exactly first, then by abbreviation, and says which', () => {
    expect(gaz.agency('中关村管委会')).toMatchObject({ how: 'exact', candidates: [expect.objectContaining({ id: 'agency:zgc' })] });
    expect(gaz.agency('市发改委')).toMatchObject({ how: 'abbreviation', candidates: [expect.objectContaining({ id: 'agency:ndrc' })] });
    expect(gaz.agency('市商務委')).toEqual({ how: 'none', candidates: [] });
  });

  it('infers a new agency\'s kind from the end of its name only', () => {
    expect(['各區政府', '朝陽區人民政府', '北京市人民政府', '亦莊管委會', '市商務委', '市統計局', '市政府外聯服務辦', '北京科技協作中心'].map(agencyKind)).toEqual([
      'DISTRICT_GOVERNMENT', 'DISTRICT_GOVERNMENT', 'MUNICIPAL_GOVERNMENT', 'ADMINISTRATIVE_COMMITTEE', 'MUNICIPAL_COMMISSION', 'MUNICIPAL_BUREAU', 'MUNICIPAL_OFFICE', 'OTHER',
    ]);
  });
});

describe('scanning a text for known names', () => {
  it('matches across scripts and vocabularies (下一代互联网 = 下一代網際網路) and reports the text as written', () => {
    expect(gaz.scan('实施下一代互联网提升计划').map((m) => [m.text, m.candidates[0]!.id])).toEqual([['下一代互联网', 'tech:ngi']]);
  });

  it('prefers the longest name and never matches a task by its name', () => {
    const found = gaz.scan('推進中關村國防科技園建設,服務中關村企業').map((m) => m.candidates.map((c) => c.id).join());
    expect(found).toEqual(['park:defence', 'park:zone']);
  });

  it('expands coordinated lists to the names they share a head with, and only those', () => {
    const sat = gaz.coordinated('支援衛星通信、衛星導航標準體系研究');
    expect(sat.mentions.map((m) => [m.text, m.candidates[0]!.id])).toEqual([['衛星通信…標準體系', 'standard:satcom']]);
    expect(sat.consumed).toEqual(['衛星通信']);
    const gov = gaz.coordinated('由海淀區、豐台區政府相關人員組成');
    expect(gov.mentions.map((m) => m.candidates[0]!.id)).toEqual(['agency:haidian']);
    // 海淀區 is not the item right before the last one here: no expansion
    expect(gaz.coordinated('由海淀區、市教委、豐台區政府組成').mentions).toEqual([]);
  });
});

describe('ids of proposed nodes', () => {
  it('are the pinyin of the simplified name, the same in either script', () => {
    expect(slug('市商務委')).toBe('shi-shang-wu-wei');
    expect(slug('市商务委')).toBe('shi-shang-wu-wei');
    expect(documentSlug('京政發〔2013〕19號')).toBe('jingzhengfa-2013-19');
    expect(clauseSlug('§二(一)2 海淀園')).toBe('2-1-2-hai-dian-yuan');
    expect(clauseSlug('§十二(三)1(4)')).toBe('12-3-1-4');
  });

  it('never reuse an id already taken', () => {
    const ids = new IdAllocator(['task:a']);
    expect([ids.allocate('task:a'), ids.allocate('task:a'), ids.allocate('task:b')]).toEqual(['task:a-2', 'task:a-3', 'task:b']);
  });
});
