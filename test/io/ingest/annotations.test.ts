import { describe, expect, it } from 'vitest';
import { parseAnnotation, splitAnnotation } from '../../../src/io/ingest/annotations.js';

const parties = (text: string) => splitAnnotation(text).annotation?.parties.map((p) => `${p.rank} ${p.name} ${p.role}`);

describe('responsibility annotations', () => {
  it('reads 主責單位 (traditional, half-width brackets and colon) as LEAD units in listed order', () => {
    const p = splitAnnotation('推進豐臺軍民融合創新基地建設。(主責單位:市經濟信息化委、市科委、豐台區政府)');
    expect(p.text).toBe('推進豐臺軍民融合創新基地建設。');
    expect(p.annotation!.parties).toEqual([
      { name: '市經濟信息化委', role: 'LEAD', rank: 1, keyword: '主責單位' },
      { name: '市科委', role: 'LEAD', rank: 2, keyword: '主責單位' },
      { name: '豐台區政府', role: 'LEAD', rank: 3, keyword: '主責單位' },
    ]);
  });

  it('reads 牵头单位…；配合单位… (simplified, full-width) as lead then supporting units, ranks running on', () => {
    expect(parties('推进基地建设。（牵头单位：市发改委；配合单位：市科委、海淀区政府）')).toEqual(['1 市发改委 LEAD', '2 市科委 SUPPORT', '3 海淀区政府 SUPPORT']);
  });

  it('reads 責任單位 / 责任单位 as responsible (LEAD) units', () => {
    expect(parties('推進建設。(責任單位:海淀區政府、中關村管委會)')).toEqual(['1 海淀區政府 LEAD', '2 中關村管委會 LEAD']);
    expect(parties('推进建设。（责任单位：市金融局）')).toEqual(['1 市金融局 LEAD']);
  });

  it('reads the verb style: units before 牽頭 lead, units before 負責 are responsible, 配合 supports', () => {
    expect(parties('支持基地建设。(市发展改革委、市科委牵头,各区政府负责)')).toEqual(['1 市发展改革委 LEAD', '2 市科委 LEAD', '3 各区政府 LEAD']);
    expect(parties('推進試點。(市科委牽頭，市教委、市財政局配合)')).toEqual(['1 市科委 LEAD', '2 市教委 SUPPORT', '3 市財政局 SUPPORT']);
  });

  it('reads an annotation written without brackets at the end of a paragraph', () => {
    expect(parties('完善服務平臺。主責單位：市科委、中關村管委會')).toEqual(['1 市科委 LEAD', '2 中關村管委會 LEAD']);
  });

  it('drops a trailing 等 from the last unit', () => {
    expect(parties('(主責單位:市科委、市教委等)')).toEqual(['1 市科委 LEAD', '2 市教委 LEAD']);
  });

  it('leaves ordinary parentheses alone: names, dates, abbreviations and remarks are not annotations', () => {
    for (const text of ['推進國家蛋白質科學基礎設施——北京基地(鳳凰工程)', '籌劃階段(2013年7月底前)', '以中關村國家自主創新示範區(以下簡稱中關村示範區)為任務承載區', '推动资源共享（具体安排另行通知）']) {
      expect(splitAnnotation(text)).toEqual({ text });
    }
    expect(parseAnnotation('以下簡稱中關村示範區')).toBeUndefined();
    expect(parseAnnotation('具體安排另行通知')).toBeUndefined();
  });
});
