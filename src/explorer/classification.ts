/**
 * Classification as the page shows it: levels in order, the banner colours (as classified systems
 * mark pages) and the highest level among what is on screen.
 */

/** The API's classifications, lowest first. */
export const LEVELS = ['PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'SECRET', 'TOP_SECRET'] as const;
export type Level = (typeof LEVELS)[number];

/** Banner colours; every pair has a contrast ratio of at least 4.5:1. */
export const BANNER: Record<Level, { bg: string; fg: string }> = {
  PUBLIC: { bg: '#00703c', fg: '#ffffff' },
  INTERNAL: { bg: '#5b2a86', fg: '#ffffff' },
  CONFIDENTIAL: { bg: '#0b3d91', fg: '#ffffff' },
  SECRET: { bg: '#b3001b', fg: '#ffffff' },
  TOP_SECRET: { bg: '#ffb000', fg: '#000000' },
};

/** The level's rank (0 = PUBLIC); an unknown string counts as the highest, never the lowest. */
export function rank(level: string | null | undefined): number {
  const i = LEVELS.indexOf(level as Level);
  return i < 0 ? LEVELS.length - 1 : i;
}

/** The highest of the given classifications; PUBLIC when there are none. */
export function highest(levels: Iterable<string | null | undefined>): Level {
  let top = 0;
  for (const l of levels) top = Math.max(top, rank(l));
  return LEVELS[top]!;
}

/** True for anything above PUBLIC. */
export const isClassified = (level: string): boolean => rank(level) > 0;
