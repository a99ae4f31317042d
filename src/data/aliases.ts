import type { Dataset } from './dataset.js';

/**
 * Common aliases: well-known short forms users type (市经信委, 北航, ZGC) that the source document
 * does not state. They live in their own dataset file (`{ "aliases": [{ id, aliases, source }] }`)
 * and are applied to the nodes of the same load, each entry adding its own source note to the
 * node's `sources`, so an alias never passes for a fact of the plan.
 */

/** One entry of an aliases file. */
export interface AliasEntry {
  id: string;
  aliases: string[];
  source: string;
}

/** The valid entries of an aliases file's `aliases` array (malformed ones are reported). */
export function aliasEntries(raw: unknown[], file: string): AliasEntry[] {
  return raw.map((e, i) => {
    const x = e as Partial<AliasEntry> | null;
    const ok =
      x && typeof x.id === 'string' && typeof x.source === 'string' && x.source.length > 0 && Array.isArray(x.aliases) && x.aliases.every((a) => typeof a === 'string' && a.length > 0);
    if (!ok) throw new Error(`${file}#${i + 1}: expected { id, aliases: [non-empty strings], source: non-empty string }`);
    return x as AliasEntry;
  });
}

/**
 * Adds the entries' aliases (those not already there) and source notes to the dataset's nodes;
 * entries for ids outside the dataset are skipped. Returns the number of entries applied.
 */
export function applyAliases(dataset: Dataset, entries: readonly AliasEntry[]): number {
  const byId = new Map(dataset.nodes.map((n) => [n.props.id, n]));
  let applied = 0;
  for (const e of entries) {
    const node = byId.get(e.id);
    if (!node) continue;
    const aliases = (node.props.aliases as string[] | undefined) ?? [];
    const sources = (node.props.sources as string[] | undefined) ?? [];
    node.props = {
      ...node.props,
      aliases: [...aliases, ...e.aliases.filter((a) => !aliases.includes(a) && a !== node.props.name)],
      sources: sources.includes(e.source) ? sources : [...sources, e.source],
    };
    applied++;
  }
  return applied;
}
