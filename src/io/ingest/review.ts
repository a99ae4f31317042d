import type { Proposal } from './propose.js';

/** The proposal as a reviewer reads it (Markdown): what is new, what links where and why, what is left open. */
export function renderReview(p: Proposal, source: { file: string; format: string; against: string }): string {
  const out: string[] = [];
  const h = p.header;
  const newLinks = p.links.filter((l) => !l.existing);
  out.push(`# Ingestion proposal: ${h.title ?? source.file}`, '');
  out.push(`Source: \`${source.file}\` (${source.format}), resolved against ${source.against}. Nothing has been written:`);
  out.push('import this folder (`npm run kg -- import --dry-run DIR`, then without `--dry-run`) to apply it, all or nothing.', '');
  out.push('## Document', '');
  out.push(`| field | value |`, `|---|---|`);
  for (const [k, v] of [['number (文號)', h.number], ['title', h.title], ['plan', h.planTitle], ['issuer', h.issuer], ['signed', h.signed], ['published', h.published]] as const) {
    out.push(`| ${k} | ${v ?? '*(not found)*'} |`);
  }
  out.push('', p.documentId ? `Node: \`${p.documentId}\` (${p.documentExists ? 'already in the graph: not re-proposed' : 'new'}).` : 'No document node: see what could not be parsed.', '');

  out.push('## Summary', '');
  out.push(`- ${p.tasks.length} tasks (${p.tasks.filter((t) => t.existing).length} already in the graph), ${p.tasks.filter((t) => t.agencies > 0).length} with responsible agencies`);
  out.push(`- ${p.nodes.length} new nodes, ${newLinks.length} new relationships, ${p.links.length - newLinks.length} relationships already in the graph (left alone)`);
  out.push(`- ${p.ambiguous.length} ambiguous names, ${p.unresolved.length} unresolved names, ${p.problems.length} parse problems`, '');

  out.push('## Tasks', '', '| clause | task | agencies (rank, role) |', '|---|---|---|');
  for (const t of p.tasks) {
    const resp = p.links
      .filter((l) => l.type === 'RESPONSIBLE_FOR' && l.record.to === t.id)
      .map((l) => `${l.record.rank}. ${l.matched} → \`${l.record.from}\` ${l.record.role}${l.how === 'abbreviation' ? ' (abbreviation)' : l.how === 'new' || l.how === 'group' ? ' (new)' : ''}`);
    out.push(`| ${t.clause} | ${t.name} \`${t.id}\`${t.existing ? ' (existing)' : ''} | ${resp.join('<br>') || '—'} |`);
  }
  out.push('');

  out.push('## New nodes', '');
  if (p.nodes.length === 0) out.push('None.');
  else out.push('| label | id | name | sources |', '|---|---|---|---|', ...p.nodes.map((n) => `| ${n.label} | \`${n.record.id}\` | ${n.record.name} | ${(n.record.sources as string[]).join('; ')} |`));
  out.push('');

  out.push('## Links to existing nodes found by matching (basis INFERRED)', '');
  const inferred = p.links.filter((l) => l.type === 'CONCERNS');
  if (inferred.length === 0) out.push('None.');
  else out.push('| clause | task | matched text | node | status |', '|---|---|---|---|---|', ...inferred.map((l) => `| ${l.clause} | \`${l.record.from}\` | ${l.matched} | \`${l.record.to}\` | ${l.existing ? 'already in the graph' : 'new'} |`));
  out.push('');

  out.push('## Ambiguous names (not linked)', '');
  if (p.ambiguous.length === 0) out.push('None.');
  else out.push('| clause | text | candidates |', '|---|---|---|', ...p.ambiguous.map((a) => `| ${a.clause} | ${a.text} | ${a.candidates.map((c) => `\`${c.id}\` ${c.label} ${c.name}`).join('<br>')} |`));
  out.push('');

  out.push('## Unresolved names (not proposed)', '');
  if (p.unresolved.length === 0) out.push('None.');
  else out.push('| clause | text | why |', '|---|---|---|', ...p.unresolved.map((u) => `| ${u.clause} | ${u.text} | ${u.reason} |`));
  out.push('');

  if (p.agencyMentions.length > 0) {
    out.push('## Agencies named in task texts (no link proposed: agencies act through annotations)', '');
    out.push(...p.agencyMentions.map((m) => `- ${m.clause}: ${m.text} → \`${m.id}\``), '');
  }
  if (p.unannotated.length > 0) {
    out.push('## Clauses and paragraphs without a responsibility annotation (no task proposed)', '');
    out.push(...p.unannotated.map((u) => `- ${u.clause}: ${u.text}…`), '');
  }
  out.push('## What could not be parsed', '');
  if (p.problems.length === 0) out.push('Nothing: every part of the genre was found.');
  else out.push(...p.problems.map((x) => `- ${x.line ? `line ${x.line}: ` : ''}${x.message}${x.text ? ` («${x.text}»)` : ''}`));
  out.push('');
  return out.join('\n');
}
