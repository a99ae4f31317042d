/**
 * Interface strings, codes and names in simplified Chinese (the default Chinese), traditional
 * Chinese or English. Chinese strings are written once, in traditional characters with mainland
 * wording, and converted to simplified characters with OpenCC for zh-Hans.
 */
import { toSimplified } from './script.js';

export const LANGS = ['zh-Hans', 'zh-Hant', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const LANG_NAMES: Record<Lang, string> = { 'zh-Hans': '简体中文', 'zh-Hant': '繁體中文', en: 'English' };

/** [Chinese (traditional characters), English] */
const STRINGS = {
  title: ['軍民融合創新知識圖譜', 'Dual-use innovation graph'],
  token: ['訪問令牌', 'Access token'],
  apply: ['登錄', 'Sign in'],
  signOut: ['退出', 'Sign out'],
  language: ['語言', 'Language'],
  anonymous: ['匿名讀者', 'anonymous reader'],
  signedInAs: ['用戶', 'User'],
  clearance: ['許可級別', 'Clearance'],
  onScreen: ['本頁最高密級', 'Highest classification on screen'],
  checking: ['正在驗證令牌…', 'Checking the token…'],
  badToken: ['令牌無效或已過期，未顯示任何數據', 'The token is invalid or expired; nothing is shown'],
  explore: ['探索', 'Explore'],
  path: ['路徑', 'Path'],
  network: ['共享網絡', 'Shared network'],
  coverage: ['覆蓋', 'Coverage'],
  modes: ['視圖', 'Views'],
  search: ['搜索', 'Search'],
  searchHint: ['名稱（簡體、繁體或英文）', 'Name (Chinese in either script, or English)'],
  type: ['類型', 'Type'],
  district: ['區', 'District'],
  technology: ['技術', 'Technology'],
  kind: ['設施類型', 'Facility kind'],
  access: ['開放程度', 'Access'],
  any: ['（全部）', '(any)'],
  run: ['查詢', 'Search'],
  loadingOptions: ['正在加載選項…', 'Loading options…'],
  filtersFacility: ['區、技術、類型和開放程度只適用於設施', 'District, technology, kind and access apply to facilities'],
  example: ['試試這個問題', 'Try this question'],
  exampleQuestion: ['大興區有哪些開放的衛星應用設施？', 'Which open facilities serve satellite applications in Daxing?'],
  coldIntro: ['輸入名稱或選擇篩選條件，結果會列在這裡並畫在圖上。', 'Type a name or choose filters; results are listed here and drawn in the graph.'],
  results: ['結果', 'Results'],
  noResults: ['沒有結果', 'No results'],
  didYouMean: ['試試', 'Try'],
  loading: ['加載中…', 'Loading…'],
  error: ['出錯了', 'Something went wrong'],
  name: ['名稱', 'Name'],
  originalName: ['原文名稱', 'Name as written'],
  nameEn: ['英文名稱', 'English name'],
  aliases: ['別名', 'Other names'],
  id: ['標識', 'Id'],
  classification: ['密級', 'Classification'],
  sources: ['出處', 'Sources'],
  relationships: ['關係', 'Relationships'],
  details: ['詳情', 'Details'],
  noSelection: ['選擇一個結果或圖中的節點查看詳情。', 'Select a result or a node in the graph to see its details.'],
  notFound: ['找不到這個節點', 'This node does not exist'],
  expand: ['展開鄰居', 'Expand neighbours'],
  expandBy: ['按關係展開', 'Expand by relationship'],
  all: ['全部', 'all'],
  graph: ['關係圖', 'Graph'],
  graphEmpty: ['還沒有畫出任何節點：搜索、篩選或選擇一個視圖', 'Nothing drawn yet: search, filter or choose a view'],
  graphHint: ['方向鍵選擇節點，回車展開，Shift+F10 打開菜單', 'Arrow keys select a node, Enter expands, Shift+F10 opens the menu'],
  legend: ['圖例（當前顯示）', 'Legend (what is on screen)'],
  classifiedRel: ['密級關係', 'classified relationship'],
  exportPng: ['導出 PNG', 'Export PNG'],
  exportJson: ['導出 JSON', 'Export JSON'],
  exportCsv: ['導出 CSV', 'Export CSV'],
  clear: ['清空', 'Clear'],
  from: ['起點', 'From'],
  to: ['終點', 'To'],
  pick: ['從列表中選擇', 'pick from the list'],
  findPath: ['查找路徑', 'Find paths'],
  sameEnds: ['起點和終點必須不同', 'Start and end must differ'],
  noPath: ['6 步以內沒有路徑', 'No path within 6 steps'],
  paths: ['最短路徑', 'Shortest paths'],
  kShortestNote: ['列出所有同樣最短的路徑（接口不提供 k 條最短路徑）', 'All equally short paths are listed (the API offers no k-shortest paths)'],
  start: ['起', 'start'],
  end: ['終', 'end'],
  showNetwork: ['顯示網絡', 'Show network'],
  networkHint: ['點擊連線查看共享的設施', 'Click a link to see the facilities shared'],
  sharedBy: ['共享設施', 'Facilities shared by'],
  showCoverage: ['顯示覆蓋', 'Show coverage'],
  coverageHint: ['開放設施 / 全部設施；點擊單元格查看設施', 'open / all facilities; click a cell for its facilities'],
  coverageMarking: ['匯總數字按你的許可級別標記：接口不說明計入了哪些密級設施', 'Totals are marked at your clearance: the API does not say which classified facilities they count'],
  noFacility: ['沒有設施', 'no facility'],
  noneOpen: ['有設施，都不開放', 'facilities, none open'],
  someOpen: ['少於一半開放', 'under half open'],
  mostOpen: ['一半以上開放', 'half or more open'],
  allOpen: ['全部開放', 'all open'],
  cells: ['個單元格', 'cells'],
  gaps: ['缺口（沒有開放設施）', 'gaps (no open facility)'],
  templates: ['問題模板', 'Question templates'],
  useTemplate: ['使用', 'Use'],
  saveTemplate: ['保存當前問題為模板', 'Save this question as a template'],
  chooseParams: ['請選擇：', 'Choose:'],
  copyLink: ['複製鏈接', 'Copy link'],
  linkCopied: ['鏈接已複製', 'Link copied'],
  exportOf: ['導出', 'Export of'],
  generated: ['生成時間', 'Generated'],
  query: ['查詢', 'Query'],
  total: ['共', 'total'],
  shown: ['顯示', 'shown'],
  closeMenu: ['關閉', 'Close'],
  stale: ['令牌已更換，舊結果已清除', 'The token changed; earlier results were cleared'],
  // needs
  needs: ['需求', 'Needs'],
  listNeeds: ['列出需求', 'List needs'],
  needStatus: ['狀態', 'Status'],
  needKind: ['需求類型', 'Need kind'],
  publishNeed: ['發布需求', 'Publish a need'],
  publish: ['發布', 'Publish'],
  needTitle: ['標題', 'Title'],
  needTitleEn: ['英文標題（可選）', 'English title (optional)'],
  description: ['說明', 'Description'],
  deadline: ['截止日期', 'Deadline'],
  requiredCerts: ['所需資質', 'Required certifications'],
  mandatory: ['缺少資質即不合格', 'Candidates lacking a certification are ineligible'],
  preferredDistrict: ['優先地點（區）', 'Preferred place (district)'],
  needClassification: ['密級（不高於你的許可級別）', 'Classification (at most your clearance)'],
  published: ['需求已發布', 'Need published'],
  publishOnlyEditors: ['只有編輯角色可以發布需求', 'Only editors publish needs'],
  match: ['匹配', 'Match'],
  matchFor: ['匹配結果', 'Matches for'],
  selectNeed: ['在結果中選擇一個需求，然後點擊“匹配”', 'Select a need in the results, then press Match'],
  includeIneligible: ['包括不合格的候選', 'Include ineligible candidates'],
  score: ['得分', 'Score'],
  points: ['分', 'points'],
  eligible: ['合格', 'eligible'],
  ineligible: ['不合格', 'ineligible'],
  missingCerts: ['缺少資質', 'Missing certifications'],
  evidence: ['依據', 'Evidence'],
  noMatches: ['沒有候選', 'No candidates'],
  matchMarking: ['匹配依據按你的許可級別標記：接口不說明依據路徑上關係的密級', 'Evidence is marked at your clearance: the API does not say how classified the relationships along its paths are'],
  // requests
  requests: ['使用申請', 'Requests'],
  requestUse: ['申請使用', 'Request use'],
  purpose: ['用途', 'Purpose'],
  periodStart: ['開始日期', 'From'],
  periodEnd: ['結束日期', 'Until'],
  send: ['提交申請', 'Send request'],
  requestSent: ['申請已提交', 'Request sent'],
  noInstitution: ['你的令牌沒有指明所屬單位，不能提交申請', 'Your token names no institution; you cannot send requests'],
  myRequests: ['我的申請', 'My requests'],
  inbox: ['待審批（我單位運營的設施）', 'Inbox (facilities your institution operates)'],
  refresh: ['刷新', 'Refresh'],
  anyStatus: ['（全部狀態）', '(any status)'],
  approve: ['批准', 'Approve'],
  decline: ['拒絕', 'Decline'],
  withdraw: ['撤回', 'Withdraw'],
  requester: ['申請人', 'Requested by'],
  requestedAt: ['申請時間', 'Requested'],
  decided: ['處理', 'Decided'],
  facility: ['設施', 'Facility'],
  institution: ['單位', 'Institution'],
  need: ['需求', 'Need'],
  period: ['使用期間', 'Period'],
  status: ['狀態', 'Status'],
  actions: ['操作', 'Actions'],
  noRequests: ['沒有申請', 'No requests'],
  signInForRequests: ['登錄後可以查看和處理使用申請', 'Sign in to see and handle access requests'],
  newRequest: ['新申請', 'New request'],
  // what-if
  whatIf: ['假設分析', 'What-if'],
  whatIfHint: ['添加、移除或開放設施，看覆蓋如何變化（不會修改數據）', 'Add, remove or open facilities and see how coverage changes (nothing is saved)'],
  signInForWhatIf: ['登錄後可以做假設分析', 'Sign in to run what-if scenarios'],
  addFacility: ['添加設施', 'Add a facility'],
  removeFacility: ['移除設施', 'Remove a facility'],
  openFacility: ['開放設施', 'Open a facility'],
  facilityName: ['設施名稱', 'Facility name'],
  add: ['加入', 'Add'],
  changes: ['變更', 'Changes'],
  noChanges: ['還沒有變更', 'No changes yet'],
  evaluate: ['計算前後對比', 'Compare before and after'],
  resetScenario: ['清除變更', 'Clear changes'],
  removeChange: ['刪除這項變更', 'Remove this change'],
  before: ['之前', 'before'],
  after: ['之後', 'after'],
  gapsClosed: ['消除的缺口', 'Gaps closed'],
  gapsOpened: ['新出現的缺口', 'Gaps opened'],
  none: ['無', 'none'],
  whatIfOn: ['正在顯示假設結果：之前 → 之後', 'Showing the what-if: before → after'],
} as const;

export type StringKey = keyof typeof STRINGS;

/** Chinese text (written in traditional characters) in the chosen script. */
export const zh = (text: string, lang: Lang): string => (lang === 'zh-Hans' ? toSimplified(text) : text);

/** An interface string in the chosen language. */
export function t(key: StringKey, lang: Lang): string {
  const [chinese, english] = STRINGS[key];
  return lang === 'en' ? english : zh(chinese, lang);
}

/** The name to show: the English name in English (when known), else the name in the chosen script. */
export function nameOf(n: { name: string; nameEn?: string | null }, lang: Lang): string {
  if (lang === 'en') return n.nameEn || n.name;
  return zh(n.name, lang);
}

/** Codes of the schema's enums, with their names. */
const CODES: Record<string, [string, string]> = {
  // classifications (the schema's own Chinese names)
  PUBLIC: ['公開', 'Public'],
  INTERNAL: ['內部', 'Internal'],
  CONFIDENTIAL: ['秘密', 'Confidential'],
  SECRET: ['機密', 'Secret'],
  TOP_SECRET: ['絕密', 'Top secret'],
  // labels
  Document: ['文件', 'Document'],
  Agency: ['機關', 'Agency'],
  District: ['區', 'District'],
  Park: ['園區', 'Park'],
  Institution: ['單位', 'Institution'],
  Facility: ['設施', 'Facility'],
  Technology: ['技術', 'Technology'],
  Standard: ['標準', 'Standard'],
  IPAsset: ['知識產權', 'IP asset'],
  Certification: ['資質', 'Certification'],
  FinancingInstrument: ['金融工具', 'Financing instrument'],
  Task: ['任務', 'Task'],
  Phase: ['階段', 'Phase'],
  Goal: ['目標', 'Goal'],
  // relationship types
  LOCATED_IN: ['位於', 'located in'],
  PART_OF: ['屬於', 'part of'],
  FOCUSES_ON: ['聚焦', 'focuses on'],
  SERVES: ['服務', 'serves'],
  OPERATES: ['運營', 'operates'],
  USES: ['使用', 'uses'],
  RESPONSIBLE_FOR: ['負責', 'responsible for'],
  CONCERNS: ['涉及', 'concerns'],
  MEMBER_OF: ['成員', 'member of'],
  HOLDS: ['持有', 'holds'],
  COVERS: ['覆蓋', 'covers'],
  OFFERS: ['提供', 'offers'],
  SCHEDULED_IN: ['安排在', 'scheduled in'],
  SHARES: ['共享設施', 'share facilities'],
  Need: ['需求', 'Need'],
  Program: ['項目', 'Program'],
  REQUIRES: ['需要', 'requires'],
  PREFERS: ['優先', 'prefers'],
  ISSUED: ['發布', 'issued'],
  EVIDENCE: ['依據', 'evidence'],
  MATCHES: ['匹配', 'matches'],
  // need kinds and statuses, request statuses
  RESEARCH: ['研發', 'research'],
  TESTING: ['測試驗證', 'testing'],
  PROCUREMENT: ['採購', 'procurement'],
  MATCHED: ['已匹配', 'matched'],
  PENDING: ['待處理', 'pending'],
  APPROVED: ['已批准', 'approved'],
  DECLINED: ['已拒絕', 'declined'],
  WITHDRAWN: ['已撤回', 'withdrawn'],
  // evidence kinds
  TECHNOLOGY_EXACT: ['技術完全匹配', 'exact technology'],
  TECHNOLOGY_NARROWER: ['子技術匹配', 'sub-technology'],
  TECHNOLOGY_BROADER: ['上位技術匹配', 'broader technology'],
  TECHNOLOGY_SIBLING: ['相鄰技術匹配', 'sibling technology'],
  CERTIFICATION_HELD: ['具備資質', 'certification held'],
  CERTIFICATION_MISSING: ['缺少資質', 'certification missing'],
  LOCATION_PARK: ['位於優先園區', 'in a preferred park'],
  LOCATION_DISTRICT: ['位於優先區', 'in a preferred district'],
  ACCESS: ['開放程度', 'access'],
  PRIOR_USE: ['使用記錄', 'recorded use'],
  // facility kinds
  KEY_LAB: ['重點實驗室', 'key laboratory'],
  TEST_PLATFORM: ['測試平臺', 'test platform'],
  ENGINEERING_CENTER: ['工程中心', 'engineering centre'],
  POSTDOC_STATION: ['博士後工作站', 'postdoctoral station'],
  ENTERPRISE_TECH_CENTER: ['企業技術中心', 'enterprise technology centre'],
  LARGE_FACILITY: ['大型科學儀器設施', 'large facility'],
  SERVICE_PLATFORM: ['公共服務平臺', 'service platform'],
  RESEARCH_PLATFORM: ['研發平臺', 'research platform'],
  // access and access modes
  OPEN: ['開放', 'open'],
  CONDITIONAL: ['有條件開放', 'conditional'],
  RESTRICTED: ['限制使用', 'restricted'],
  CLOSED: ['不開放', 'closed'],
  PHYSICAL: ['現場', 'on site'],
  REMOTE: ['遠程', 'remote'],
  VIRTUAL: ['虛擬', 'virtual'],
  // institution sectors
  UNIVERSITY: ['高校', 'university'],
  RESEARCH_INSTITUTE: ['科研院所', 'research institute'],
  ENTERPRISE: ['企業', 'enterprise'],
  DEFENCE_GROUP: ['軍工集團', 'defence group'],
  MILITARY_UNIT: ['軍隊單位', 'military unit'],
  INTERMEDIARY: ['中介機構', 'intermediary'],
  FINANCIAL: ['金融機構', 'financial institution'],
  // park kinds
  ZONE: ['示範區', 'zone'],
  BASE: ['基地', 'base'],
  PARK: ['園區', 'park'],
  INDUSTRIAL_BASE: ['產業基地', 'industrial base'],
  // agency kinds
  MUNICIPAL_GOVERNMENT: ['市政府', 'municipal government'],
  MUNICIPAL_COMMISSION: ['市委員會', 'municipal commission'],
  MUNICIPAL_BUREAU: ['市局', 'municipal bureau'],
  MUNICIPAL_OFFICE: ['市辦公室', 'municipal office'],
  DISTRICT_GOVERNMENT: ['區政府', 'district government'],
  ADMINISTRATIVE_COMMITTEE: ['管理委員會', 'administrative committee'],
  OTHER: ['其他', 'other'],
};

/** A schema code (enum value, label, relationship type) in words; unknown codes are shown as they are. */
export function code(value: string, lang: Lang): string {
  const entry = CODES[value];
  if (!entry) return value;
  return lang === 'en' ? entry[1] : zh(entry[0], lang);
}

/** Field names of the details panel. */
const FIELDS: Record<string, [string, string]> = {
  facilityKind: ['設施類型', 'Facility kind'],
  access: ['開放程度', 'Access'],
  accessModes: ['使用方式', 'Access modes'],
  parkKind: ['園區類型', 'Park kind'],
  agencyKind: ['機關類型', 'Agency kind'],
  sector: ['類別', 'Sector'],
  body: ['發布機構', 'Issuing body'],
  start: ['開始', 'Start'],
  end: ['結束', 'End'],
};
export function field(key: string, lang: Lang): string {
  const entry = FIELDS[key];
  if (!entry) return key;
  return lang === 'en' ? entry[1] : zh(entry[0], lang);
}

/** The language to start in: the URL's, the one chosen before, or simplified Chinese. */
export function initialLang(fromUrl: string | null): Lang {
  const stored = fromUrl ?? localStorage.getItem('explorer.lang');
  return (LANGS as readonly string[]).includes(stored ?? '') ? (stored as Lang) : 'zh-Hans';
}
