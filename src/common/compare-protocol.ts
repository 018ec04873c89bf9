// Messages between the VS Code client and the language server for *Journey: Compare
// Journeys…*: the journeys of the workspace (to pick two), and one comparison picture.

/** One journey of the workspace, as the quick pick offers it. */
export interface JourneyEntry { uri: string; id: string; label: string; state?: 'current' | 'ideal' }
export const JourneysRequest = { method: 'journey/journeys' } as const;

export interface JourneyPick { uri: string; id: string }
export interface CompareParams { from: JourneyPick; to: JourneyPick }
export interface SourceRange { start: { line: number; character: number }; end: { line: number; character: number } }
/**
 * The picture (SVG, coloured by VS Code's theme variables) and how many changes it shows.
 * `sources[side][key]` is where the element the picture marks `data-side`/`data-key` is named.
 */
export interface CompareResult { svg: string; title: string; changes: number; sources: { from: Record<string, SourceRange>; to: Record<string, SourceRange> } }
export const CompareRequest = { method: 'journey/compare' } as const;
