import { stemmer } from 'stemmer';

/**
 * English word forms for search: British spellings mapped to American, then Porter stemming
 * (`stemmer`: the classic algorithm, maintained), so chips/chip, defence/defense and
 * programme/program meet. Exact words are still compared before stems when ranking.
 */

/** British → American spellings the plan's English names and users' queries use. */
const AMERICAN: Readonly<Record<string, string>> = {
  defence: 'defense',
  defences: 'defenses',
  programme: 'program',
  programmes: 'programs',
  centre: 'center',
  centres: 'centers',
  licence: 'license',
  licences: 'licenses',
  organisation: 'organization',
  organisations: 'organizations',
  optimisation: 'optimization',
  standardisation: 'standardization',
  commercialisation: 'commercialization',
  industrialisation: 'industrialization',
  modernisation: 'modernization',
  metre: 'meter',
  metres: 'meters',
  aeroplane: 'airplane',
  aeroplanes: 'airplanes',
  catalogue: 'catalog',
  analyse: 'analyze',
  analysing: 'analyzing',
};

/** A lower-case word in its American spelling. */
export function american(word: string): string {
  return AMERICAN[word] ?? word;
}

/** The search term of a lower-case Latin word: American spelling, then its Porter stem (digits kept as they are). */
export function englishTerm(word: string): string {
  if (!/^[a-z]+$/.test(word)) return word;
  return stemmer(american(word));
}

/** Edits allowed between a query term and an indexed one: none below 4 letters, 1 up to 7, 2 from 8. */
export function allowedEdits(word: string): number {
  if (word.length < 4 || !/^[a-z]+$/.test(word)) return 0;
  return word.length < 8 ? 1 : 2;
}
