/** Interface strings and entity names in Chinese or English. */
export type Lang = 'zh' | 'en';

const STRINGS = {
  title: { zh: '軍民融合創新知識圖譜', en: 'Dual-use innovation graph' },
  token: { zh: '訪問令牌 (Bearer)', en: 'Bearer token' },
  search: { zh: '搜索（中文或英文）', en: 'Search (Chinese or English)' },
  explore: { zh: '探索', en: 'Explore' },
  path: { zh: '路徑', en: 'Path' },
  network: { zh: '共享網絡', en: 'Shared network' },
  coverage: { zh: '覆蓋', en: 'Coverage' },
  district: { zh: '區', en: 'District' },
  technology: { zh: '技術', en: 'Technology' },
  kind: { zh: '設施類型', en: 'Facility kind' },
  access: { zh: '開放程度', en: 'Access' },
  any: { zh: '（全部）', en: '(any)' },
  findFacilities: { zh: '查找設施', en: 'Find facilities' },
  from: { zh: '起點', en: 'From' },
  to: { zh: '終點', en: 'To' },
  findPath: { zh: '查找路徑', en: 'Find path' },
  showNetwork: { zh: '顯示網絡', en: 'Show network' },
  showCoverage: { zh: '顯示覆蓋', en: 'Show coverage' },
  exportPng: { zh: '導出 PNG', en: 'Export PNG' },
  exportJson: { zh: '導出 JSON', en: 'Export JSON' },
  clear: { zh: '清空', en: 'Clear' },
  details: { zh: '詳情', en: 'Details' },
  sources: { zh: '出處', en: 'Sources' },
  classification: { zh: '密級', en: 'Classification' },
  noPath: { zh: '沒有找到路徑', en: 'No path found' },
  hint: { zh: '單擊查看詳情，雙擊展開鄰居', en: 'Click for details, double-click to expand neighbours' },
  gaps: { zh: '缺少開放設施的技術', en: 'Technologies without an open facility' },
  open: { zh: '開放', en: 'open' },
  total: { zh: '共', en: 'total' },
} as const;

export type StringKey = keyof typeof STRINGS;
export const t = (key: StringKey, lang: Lang): string => STRINGS[key][lang];
/** The name to show: the English name when asked for and known, the source-language name otherwise. */
export const nameOf = (n: { name: string; nameEn?: string | null }, lang: Lang): string => (lang === 'en' && n.nameEn ? n.nameEn : n.name);

export const LABEL_NAMES: Record<string, { zh: string; en: string }> = {
  Document: { zh: '文件', en: 'Document' },
  Agency: { zh: '機構', en: 'Agency' },
  District: { zh: '區', en: 'District' },
  Park: { zh: '園區', en: 'Park' },
  Institution: { zh: '單位', en: 'Institution' },
  Facility: { zh: '設施', en: 'Facility' },
  Technology: { zh: '技術', en: 'Technology' },
  Standard: { zh: '標準', en: 'Standard' },
  IPAsset: { zh: '知識產權', en: 'IP asset' },
  Certification: { zh: '資質', en: 'Certification' },
  FinancingInstrument: { zh: '金融工具', en: 'Financing' },
  Task: { zh: '任務', en: 'Task' },
  Phase: { zh: '階段', en: 'Phase' },
  Goal: { zh: '目標', en: 'Goal' },
};
