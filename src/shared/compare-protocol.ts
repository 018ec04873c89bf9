// Messages between the VS Code client and the language server for *Journey: Compare
// Journeys…*: the journeys of the workspace (to pick two), and one comparison picture.

/** One journey of the workspace, as the quick pick offers it. */
export interface JourneyEntry { uri: string; id: string; label: string; state?: 'current' | 'ideal' }
export const JourneysRequest = { method: 'journey/journeys' } as const;

export interface JourneyPick { uri: string; id: string }
export interface CompareParams { from: JourneyPick; to: JourneyPick }
/** The picture (SVG, coloured by VS Code's theme variables) and how many changes it shows. */
export interface CompareResult { svg: string; title: string; changes: number }
export const CompareRequest = { method: 'journey/compare' } as const;
