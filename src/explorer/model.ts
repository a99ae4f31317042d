/** What the page draws and lists: nodes and relationships as the API returned them to this caller. */
export interface GNode {
  __typename: string;
  id: string;
  name: string;
  nameEn?: string | null;
  classification: string;
  access?: string | null;
  facilityKind?: string | null;
}

export interface GRel {
  id: string;
  type: string;
  from: string;
  to: string;
  classification: string;
  weight?: number | null;
}

/** Colour per label; text drawn on them is dark or white, whichever reaches 4.5:1. */
export const LABEL_COLOURS: Record<string, string> = {
  Document: '#6b6b6b',
  Agency: '#c0392b',
  District: '#8c564b',
  Park: '#e67e22',
  Institution: '#1f6fb4',
  Facility: '#23883a',
  Technology: '#7d4cb3',
  Standard: '#138d9c',
  IPAsset: '#9a9a1c',
  Certification: '#c2549d',
  FinancingInstrument: '#5d7fa8',
  Task: '#5f8f3e',
  Phase: '#8f7bb0',
  Goal: '#c98a2e',
  Program: '#4f6d7a',
  Need: '#d1495b',
};

/** Node shape per facility access (other labels are circles). */
export const ACCESS_SHAPES: Record<string, string> = {
  OPEN: 'ellipse',
  CONDITIONAL: 'round-rectangle',
  RESTRICTED: 'triangle',
  CLOSED: 'rectangle',
};
