import { describe, expect, it } from 'vitest';
import { analyse, indexTerms, luceneQuery, queryUnits } from '../../src/text/analyze.js';

describe('analyse', () => {
  it('cuts folded text into Chinese runs and Latin words', () => {
    expect(analyse('TD-LTE設備及晶片')).toMatchObject({ han: ['设备及芯片'], words: ['td', 'lte'] });
  });
});

describe('indexTerms', () => {
  it('gives characters, bigrams and, for names, pinyin (whole, initials, syllable pairs)', () => {
    const terms = indexTerms('中關村', true);
    expect(terms).toEqual(expect.arrayContaining(['中', '中关', '关村', 'zhongguancun', 'zgc', 'zhongguan', 'guancun']));
    expect(indexTerms('中關村', false)).not.toContain('zhongguancun');
  });

  it('gives English words with their stems in American spelling', () => {
    expect(indexTerms('Defence patents', false)).toEqual(['defence', 'defens', 'patents', 'patent']);
  });
});

describe('luceneQuery', () => {
  it.each(['AND', 'OR', 'NOT', '衛星 AND', 'AND OR NOT', 'a AND b'])('keeps %s literal: every term quoted or a plain [a-z] word', (text) => {
    const q = luceneQuery(queryUnits(text))!;
    for (const term of q.split(' OR ')) expect(term).toMatch(/^("[^"\\]+"|[a-z]+[~*]\d?)$/);
    expect(q).not.toMatch(/(^|\s)(AND|NOT)(\s|$)/);
  });

  it('drops Lucene syntax characters: they separate words', () => {
    expect(luceneQuery(queryUnits('"x" OR y:* (z) [a TO b] ~2 ^3 \\'))).toBe(
      ['"x"', '"or"', 'or*', '"y"', '"z"', '"a"', '"to"', 'to*', '"b"', '"2"', '"3"'].join(' OR '),
    );
  });

  it('is null for text with no word (nothing to search for)', () => {
    expect(luceneQuery(queryUnits('!!! ??? 。'))).toBeNull();
  });

  it('adds typo and prefix variants for Latin words and syllable pairs for pinyin', () => {
    const q = luceneQuery(queryUnits('satelite zhongguancun'))!;
    expect(q).toContain('satelit~2');
    expect(q).toContain('zhongguancun*');
    expect(q).toContain('"zhongguan"');
    expect(q).toContain('"guancun"');
  });
});
