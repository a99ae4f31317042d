import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { pinyinSortKey, splitPinyin, syllables } from '../../src/text/pinyin.js';
import { foldForSearch } from '../../src/text/normalize.js';
import { englishSortKey } from '../../src/text/search-fields.js';

const byKey = (names: string[], key: (s: string) => string) => [...names].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
const chinese = (s: string) => pinyinSortKey(foldForSearch(s));

describe('pinyin', () => {
  it('reads polyphonic characters from context', () => {
    expect(syllables('重庆')).toEqual(['chong', 'qing']);
  });

  it("derives toneless syllables from the toned ones, equal to pinyin-pro's own toneless form", () => {
    // syllables() strips the tone digit of the form the sort key reads, so a name's pinyin is read once
    const toneless = (run: string) => pinyin(run, { toneType: 'none', type: 'array', v: true }).map((x) => x.toLowerCase());
    const runs = ['重庆', '银行', '行长', '长大', '的确', '了解', '女', '绿', '嗯', '中关村', '北京航空航天大学'];
    for (const [from, to] of [[0x4e00, 0x9fff], [0x3400, 0x4dbf], [0xf900, 0xfaff], [0x3007, 0x3007]] as const) for (let c = from; c <= to; c++) runs.push(String.fromCodePoint(c));
    for (let i = 0; i + 6 <= 2000; i += 6) runs.push(runs.slice(11 + i, 17 + i).join(''));
    const differing = runs.filter((run) => syllables(run).join(' ') !== toneless(run).join(' '));
    expect(differing).toEqual([]);
    // a kept run gives the same answer again
    expect(syllables('重庆')).toEqual(['chong', 'qing']);
    expect(pinyinSortKey('重庆')).toBe('chong2 qing4');
  });

  it('splits typed pinyin into syllables, or gives null', () => {
    expect(splitPinyin('zhongguancun')).toEqual(['zhong', 'guan', 'cun']);
    expect(splitPinyin('xian')).toEqual(['xian']);
    expect(splitPinyin('gjb')).toBeNull();
  });
});

describe('Chinese collation (pinyin sort key)', () => {
  it('orders by pinyin, not by code point: 籌劃 (chou) before 實施 (shi)', () => {
    expect('實施階段' < '籌劃階段').toBe(true); // code point order, the wrong one
    expect(byKey(['實施階段', '籌劃階段'], chinese)).toEqual(['籌劃階段', '實施階段']);
  });

  it('orders districts as a Chinese reader expects, whatever the script', () => {
    expect(byKey(['順義區', '海淀區', '豐台區', '大興區', '昌平區'], chinese)).toEqual(['昌平區', '大興區', '豐台區', '海淀區', '順義區']);
    expect(chinese('大興區')).toBe(chinese('大兴区'));
  });

  it('orders by tone within one syllable, and a shorter syllable before a longer one', () => {
    expect(byKey(['媽', '麻', '馬', '罵'], chinese)).toEqual(['媽', '麻', '馬', '罵']);
    expect(byKey(['先', '西'], chinese)).toEqual(['西', '先']);
  });
});

describe('English collation', () => {
  it('ignores case, accents and punctuation', () => {
    expect(byKey(['beta', 'Alpha', 'Émile', 'd-zone', 'Delta'], englishSortKey)).toEqual(['Alpha', 'beta', 'd-zone', 'Delta', 'Émile']);
  });
});
