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
