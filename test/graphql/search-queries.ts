/**
 * Queries typed as the product's users type them, each with the id expected among the first five
 * hits. Planners type simplified Chinese with mainland terms; the plan (and so every name) is in
 * traditional characters with Taiwan terms; English-speaking analysts type word forms, pinyin and
 * typos. Ids are those of the seeded plan (seed/plan) and, for labs, the illustrative data.
 */

export type Category = 'simplified' | 'traditional' | 'mainland term' | 'English' | 'pinyin' | 'abbreviation' | 'typo';

export interface SearchCase {
  category: Category;
  text: string;
  expected: string;
}

const c = (category: Category) => (text: string, expected: string): SearchCase => ({ category, text, expected });
const simplified = c('simplified');
const traditional = c('traditional');
const mainland = c('mainland term');
const english = c('English');
const pinyin = c('pinyin');
const abbreviation = c('abbreviation');
const typo = c('typo');

export const SEARCH_CASES: readonly SearchCase[] = [
  simplified('中关村', 'park:zgc-national-innovation-demonstration-zone'),
  simplified('蓝鲸', 'park:navy-beijing-cmf-innovation-park'),
  simplified('民参军', 'fin:civil-to-military-industry-fund'),
  simplified('军用标准', 'standard:national-military-standards'),
  simplified('卫星', 'tech:satellite-applications'),
  simplified('实验室', 'facility:ex-daxing-gnss-test-lab'),
  simplified('大兴', 'district:daxing'),
  simplified('大兴区', 'district:daxing'),
  simplified('航空发动机', 'tech:aero-engines'),
  simplified('丰台', 'district:fengtai'),
  simplified('顺义园', 'park:zgc-shunyi-park'),
  simplified('昌平园', 'park:zgc-changping-park'),
  simplified('蛋白质科学', 'tech:protein-science'),
  simplified('凤凰工程', 'facility:national-protein-science-facility-beijing'),
  simplified('知识产权质押贷款', 'fin:ip-pledge-loans'),
  simplified('国防专利', 'ip:defence-patents'),
  simplified('军工保密资格认证', 'cert:military-secrecy-qualification'),
  simplified('武器装备科研生产许可', 'cert:weapons-research-production-licence'),
  simplified('北斗卫星导航系统', 'tech:beidou'),
  simplified('卫星遥感', 'tech:satellite-remote-sensing'),
  simplified('中小企业私募债', 'fin:sme-private-placement-bonds'),
  simplified('筹划阶段', 'phase:planning'),
  simplified('实施阶段', 'phase:implementation'),
  simplified('首都科技条件平台', 'facility:capital-sci-tech-resources-platform'),
  simplified('海军', 'park:navy-beijing-cmf-innovation-park'),
  simplified('中关村国防科技园', 'park:zgc-defence-science-park'),
  simplified('永丰产业基地', 'park:yongfeng-industrial-base'),
  simplified('东升科技园', 'park:dongsheng-defence-science-park'),
  simplified('稀土材料', 'tech:rare-earth-materials'),
  simplified('应急救援装备', 'tech:emergency-rescue-equipment'),
  simplified('军民两用技术孵化', 'facility:dual-use-technology-incubation-platform'),

  traditional('大興', 'district:daxing'),
  traditional('中關村科學城', 'park:zgc-science-city-cmf-base'),
  traditional('藍鯨園', 'park:navy-beijing-cmf-innovation-park'),
  traditional('軍民兩用技術孵化平臺', 'facility:dual-use-technology-incubation-platform'),
  traditional('積體電路設計', 'tech:ic-design'),
  traditional('高檔數控機床', 'tech:high-end-cnc-machine-tools'),
  traditional('國家軍用標準', 'standard:national-military-standards'),
  traditional('衛星應用', 'tech:satellite-applications'),
  traditional('豐臺', 'district:fengtai'),
  traditional('京政發〔2013〕19號', 'doc:jingzhengfa-2013-19'),
  traditional('籌劃階段工作', 'task:planning-phase-organisation'),
  traditional('民參軍', 'task:civil-military-two-way-transfer'),

  mainland('芯片', 'tech:high-end-general-purpose-chips'),
  mainland('智能装备', 'tech:intelligent-equipment'),
  mainland('基础软件', 'tech:basic-software'),
  mainland('移动通信', 'tech:next-generation-mobile-communications'),
  mainland('集成电路', 'tech:integrated-circuits'),
  mainland('纳米技术', 'tech:nanotechnology'),
  mainland('3D打印', 'tech:3d-printing'),
  mainland('信息安全', 'tech:information-security-technology'),
  mainland('网络安全', 'tech:cyber-security'),
  mainland('互联网', 'tech:next-generation-internet'),
  mainland('航天', 'tech:space'),
  mainland('工业智能机器人', 'tech:industrial-intelligent-robots'),
  mainland('地理信息', 'tech:geographic-information'),
  mainland('空间信息服务', 'tech:spatial-information-services'),
  mainland('信息产业', 'tech:information-industry'),
  mainland('航空航天', 'tech:aerospace'),
  mainland('增材制造', 'tech:3d-printing'),
  mainland('军工质量管理体系认证', 'cert:military-quality-management-certification'),
  mainland('中关村航天科技创新园', 'park:zgc-space-science-innovation-park'),

  english('chip', 'tech:high-end-general-purpose-chips'),
  english('patent', 'ip:defence-patents'),
  english('robot', 'tech:industrial-intelligent-robots'),
  english('metamaterial', 'tech:metamaterials'),
  english('GJB', 'standard:national-military-standards'),
  english('defense patents', 'ip:defence-patents'),
  english('defence intellectual property', 'ip:defence-ip'),
  english('satellite navigation', 'tech:satellite-navigation'),
  english('Blue Whale', 'park:navy-beijing-cmf-innovation-park'),
  english('protein drug', 'tech:protein-drugs'),
  english('integrated circuit', 'tech:integrated-circuits'),
  english('aero engine', 'tech:aero-engines'),
  english('credit loan', 'fin:credit-loans'),
  english('Beihang', 'inst:buaa'),
  english('rare earth', 'tech:rare-earth-materials'),
  english('emergency rescue', 'tech:emergency-rescue'),
  english('Phoenix Project', 'facility:national-protein-science-facility-beijing'),
  english('cyber security', 'tech:cyber-security'),
  english('GB', 'standard:national-standards'),
  english('national military standards', 'standard:national-military-standards'),
  english('Defense Science Park', 'park:zgc-defence-science-park'),

  pinyin('zhongguancun', 'park:zgc-national-innovation-demonstration-zone'),
  pinyin('zgc', 'park:zgc-national-innovation-demonstration-zone'),
  pinyin('daxing', 'district:daxing'),
  pinyin('lanjing', 'park:navy-beijing-cmf-innovation-park'),
  pinyin('beihang', 'inst:buaa'),
  pinyin('fengtai', 'district:fengtai'),
  pinyin('haidian', 'district:haidian'),
  pinyin('beidou', 'tech:beidou'),
  pinyin('shunyi', 'district:shunyi'),
  pinyin('changping', 'district:changping'),
  pinyin('weixing daohang', 'tech:satellite-navigation'),
  pinyin('jmrh', 'inst:cmf-innovation-working-group'),
  pinyin('dxq', 'district:daxing'),
  pinyin('chouhua jieduan', 'phase:planning'),

  abbreviation('市经信委', 'agency:municipal-economy-it-commission'),
  abbreviation('市发改委', 'agency:municipal-development-reform-commission'),
  abbreviation('北航', 'inst:buaa'),
  abbreviation('中航工业', 'inst:avic'),
  abbreviation('市科委', 'agency:municipal-sci-tech-commission'),
  abbreviation('中关村管委会', 'agency:zgc-administrative-committee'),
  abbreviation('亦庄管委会', 'agency:bda-administrative-committee'),
  abbreviation('国军标', 'standard:national-military-standards'),
  abbreviation('BUAA', 'inst:buaa'),
  abbreviation('AVIC', 'inst:avic'),
  abbreviation('IC', 'tech:integrated-circuits'),
  abbreviation('经信委', 'agency:municipal-economy-it-commission'),
  abbreviation('发改委', 'agency:municipal-development-reform-commission'),

  typo('Zhongguancum', 'park:zgc-national-innovation-demonstration-zone'),
  typo('satelite', 'tech:satellite-applications'),
  typo('metamaterals', 'tech:metamaterials'),
  typo('protin', 'tech:protein-science'),
  typo('Beidoo', 'tech:beidou'),
  typo('navigaton', 'tech:satellite-navigation'),
  typo('Fengti', 'district:fengtai'),
  typo('semiconducter', 'tech:semiconductor-materials'),
  typo('nanotechnolgy', 'tech:nanotechnology'),
  typo('Beihnag', 'inst:buaa'),
];
