import { matchKey } from '../../text/normalize.js';
import type { Gazetteer } from './gazetteer.js';

/**
 * Names in a text that look like entities of the ontology but match nothing known: titles in 《》,
 * and phrases ending like a park, base, platform, centre, laboratory or fund. They are listed for
 * the reviewer, never turned into nodes (the span of a Chinese name is a guess; a reviewer decides).
 */

const TITLE_RE = /《([^《》]{2,60})》/g;
const NAME_RE = /[\u4e00-\u9fff]{2,18}?(?:科技園|科技园|産業園|产业园|創新園|创新园|科學園|科学园|産業基地|产业基地|創新基地|创新基地|平臺|平台|實驗室|实验室|工程技術研究中心|工程技术研究中心|轉化應用中心|转化应用中心|專項資金|专项资金|投資基金|投资基金)/g;
/** Words that open a phrase without being part of a name. */
const LEADING = /^(推進|推进|建設|建设|依託|依托|支援|支持|構建|构建|打造|完善|建立|推動|推动|加強|加强|搭建|在|成立|設立|设立|組建|组建|積極|积极|深入|加快|大力|共同|軍地|军地|以|為|为|和|及|與|与|並|并|的|等|各類|各类|一批|相關|相关|有關|有关|提供|面向|服務|服务|完善|開展|开展|促進|促进|健全)+/;

/** Candidate names of `text` that the gazetteer does not know. */
export function unresolvedNames(text: string, gaz: Gazetteer): Array<{ text: string; reason: string }> {
  const out = new Map<string, string>();
  const known = gaz.scan(text).map((m) => matchKey(m.text));
  for (const m of text.matchAll(TITLE_RE)) {
    if (gaz.exact(m[1]!).length === 0) out.set(m[1]!, 'a cited document that matches no known Document');
  }
  for (const segment of text.split(/[,，。;；、:：()（）“”"《》\s]/)) {
    for (const m of segment.matchAll(NAME_RE)) {
      const name = m[0].replace(LEADING, '');
      if ([...name].length < 4 || gaz.exact(name).length > 0) continue;
      // part of a known name, or a phrase ending in one: the scan reports it
      const key = matchKey(name);
      if (known.some((k) => k.includes(key) || key.endsWith(k))) continue;
      out.set(name, 'looks like a named park, platform, centre or fund; matches nothing known');
    }
  }
  return [...out].map(([t, reason]) => ({ text: t, reason }));
}
