/**
 * Question templates: a question with parameters ({district}, {technology}) and fixed filters.
 * Built-in ones come with the page; the user's own are kept in this browser (filters and ids only,
 * never results).
 */

export type Slot = 'district' | 'technology';

export interface Template {
  id: string;
  /** Title with {district} / {technology} placeholders: [Chinese (traditional), English]. */
  title: [string, string];
  /** Fixed filters of the explore form. */
  fixed: { text?: string; label?: string; kind?: string; access?: string };
  slots: Slot[];
  builtIn?: boolean;
}

export const BUILT_IN: Template[] = [
  { id: 'open-serving', title: ['{district}有哪些開放設施服務{technology}？', 'Which open facilities serve {technology} in {district}?'], fixed: { access: 'OPEN' }, slots: ['district', 'technology'], builtIn: true },
  { id: 'in-district', title: ['{district}有哪些設施？', 'Which facilities are in {district}?'], fixed: {}, slots: ['district'], builtIn: true },
  { id: 'key-labs-serving', title: ['哪些重點實驗室服務{technology}？', 'Which key labs serve {technology}?'], fixed: { kind: 'KEY_LAB' }, slots: ['technology'], builtIn: true },
];

const KEY = 'explorer.templates';

export function savedTemplates(): Template[] {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) ?? '[]') as Template[];
    return Array.isArray(list) ? list.filter((t) => t && typeof t.id === 'string' && Array.isArray(t.title) && Array.isArray(t.slots)) : [];
  } catch {
    return [];
  }
}

export function saveTemplate(template: Template): Template[] {
  const list = [...savedTemplates().filter((t) => t.id !== template.id), template];
  localStorage.setItem(KEY, JSON.stringify(list));
  return list;
}

export function deleteTemplate(id: string): Template[] {
  const list = savedTemplates().filter((t) => t.id !== id);
  localStorage.setItem(KEY, JSON.stringify(list));
  return list;
}
