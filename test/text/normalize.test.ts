import { describe, expect, it } from 'vitest';
import { MAINLAND_TERMS, foldChinese, foldForSearch, matchKey } from '../../src/text/normalize.js';

describe('foldChinese', () => {
  it('folds traditional characters and Taiwan terms to simplified mainland Chinese', () => {
    expect(foldChinese('大興區')).toBe('大兴区');
    expect(foldChinese('晶片')).toBe('芯片');
    expect(foldChinese('基礎軟體')).toBe('基础软件');
    expect(foldChinese('行動通訊')).toBe('移动通信');
    expect(foldChinese('積體電路')).toBe('集成电路');
  });

  it('adds the reviewed pairs OpenCC lacks, longest first', () => {
    expect(foldChinese('中關村航太科技創新園')).toBe('中关村航天科技创新园');
    expect(foldChinese('雲端運算')).toBe('云计算');
    expect(foldChinese('軍工品質管理體系認證')).toBe('军工质量管理体系认证');
  });

  it('keeps every supplementary pair one OpenCC does not already make', () => {
    for (const p of MAINLAND_TERMS) expect(p.taiwan).not.toBe(p.mainland);
  });

  it('leaves simplified and Latin text as it is', () => {
    expect(foldChinese('中关村 ZGC')).toBe('中关村 ZGC');
  });
});

describe('matchKey', () => {
  it('gives both spellings of a name one key', () => {
    expect(matchKey('豐台區')).toBe(matchKey('丰台区'));
    expect(matchKey('3D 列印')).toBe(matchKey('3d打印'));
  });
});

describe('foldForSearch', () => {
  it('unifies full-width forms, case and accents, keeping separators', () => {
    expect(foldForSearch('ＧＪＢ　Café 衛星')).toBe('gjb cafe 卫星');
  });
});

describe('foldForSearch on ASCII text', () => {
  it('gives what the full folding gives (it takes a shorter way)', () => {
    const full = (t: string) => foldChinese(t.normalize('NFKC')).normalize('NFKD').replace(/\p{M}+/gu, '').normalize('NFC').toLowerCase();
    const texts = ['Synthetic lab 0', 'GJB 9001C-2017', 'BeiDou & GPS: "dual-use"', ''];
    for (let c = 0; c < 0x80; c++) texts.push(`a${String.fromCharCode(c)}B`);
    for (const t of texts) expect(foldForSearch(t), JSON.stringify(t)).toBe(full(t));
    // the same text twice in a row (the last folding is kept), then other text
    expect(foldForSearch('ＧＪＢ 實驗室')).toBe('gjb 实验室');
    expect(foldForSearch('ＧＪＢ 實驗室')).toBe('gjb 实验室');
    expect(foldForSearch('Synthetic lab 0')).toBe('synthetic lab 0');
  });
});
