import { describe, expect, it } from 'vitest';
import { citedClauses, parseClauses } from '../../src/data/clauses.js';

const TEXT = `政務公開 > 市政府文件
  1. [發文字號] 京政發〔2099〕1號
北京市人民政府關於印發某行動計劃的通知
各區、縣人民政府:
  現將《某行動計劃》印發給你們。
  北京市人民政府
  2099年1月2日
某行動計劃(2099-2100年)
  為做好某事,特製定本行動計劃。
  一、重點工作
  (一)建設園區。
  1.推進三大集聚區建設。
  (1)推進甲基地建設。(主責單位:市科委、中關村管委會)
  2.引導形成特色園區。
  在海淀園,依託某基地,建設某某基地。(主責單位:海淀區政府)
  其他區縣(園區)要推進建設。
  二、組織實施
  (一)進度安排。
  2.實施階段(2099年8月至2100年12月)。2099年8月至12月,研究出臺政策。
  2100年至2100年,推進平臺建設。
分享:
不在文內`;

describe('parseClauses', () => {
  const tree = parseClauses(TEXT);

  it('names the front matter and the preamble', () => {
    expect(tree.get('發文字號')).toContain('京政發〔2099〕1號');
    expect(tree.get('標題')).toBe('北京市人民政府關於印發某行動計劃的通知\n某行動計劃(2099-2100年)');
    expect(tree.get('主送')).toBe('各區、縣人民政府:');
    expect(tree.get('正文')).toMatch(/^現將/);
    expect(tree.get('落款')).toBe('北京市人民政府\n2099年1月2日');
    expect(tree.get('序言')).toBe('為做好某事,特製定本行動計劃。');
  });

  it('nests headings four deep, a heading holding the text of its sub-clauses', () => {
    expect(tree.get('§一(一)1(1)')).toMatch(/^\(1\)推進甲基地建設/);
    expect(tree.get('§一(一)1')).toContain('(1)推進甲基地建設');
    expect(tree.get('§一')).toContain('其他區縣');
    expect(tree.get('§二(一)2')).toMatch(/^2\.實施階段/);
  });

  it('names the paragraphs of a park, of other districts and of a period, and the lists of responsible units', () => {
    expect(tree.get('§一(一)1(1) 主責單位')).toBe('市科委、中關村管委會');
    expect(tree.get('§一(一)2 海淀園')).toMatch(/^在海淀園/);
    expect(tree.get('§一(一)2 海淀園 主責單位')).toBe('海淀區政府');
    expect(tree.get('§一(一)2 其他區縣')).toMatch(/^其他區縣/);
    expect(tree.get('§二(一)2 2099年8月至12月')).toContain('研究出臺政策');
    expect(tree.get('§二(一)2 2100年至2100年')).toMatch(/^2100年至2100年/);
    expect([...tree.keys()].some((k) => k.includes('2099年8月至2100'))).toBe(false);
  });

  it('stops at the page footer', () => {
    expect([...tree.values()].some((t) => t.includes('不在文內'))).toBe(false);
  });
});

describe('citedClauses', () => {
  it('splits a source of the plan into its clauses and ignores other sources', () => {
    expect(citedClauses('京政發〔2013〕19號 發文字號; 落款')).toEqual(['發文字號', '落款']);
    expect(citedClauses('京政發〔2013〕19號 §二(一)2 海淀園 主責單位')).toEqual(['§二(一)2 海淀園 主責單位']);
    expect(citedClauses('ILLUSTRATIVE EXAMPLE')).toBeNull();
  });
});
