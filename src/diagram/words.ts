// The fixed words the map draws (besides the user's text), in one place so a translation
// finds them all. Lane names are LANE_LABELS in model.ts.
export const WORDS = {
    goals: 'Goals',
    frustrations: 'Frustrations',
    /** Detail line of a friction or opportunity declared inside a touchpoint. */
    on: (touchpoint: string) => `On: ${touchpoint}`,
    /** The evidence marker of a touchpoint card: count and the number of its note under the map. */
    evidenceMarker: (count: number, note: number) => `Evidence (${count}) · note ${note}`,
    notesTitle: 'Evidence notes',
    note: (note: number, touchpoint: string) => `[${note}] ${touchpoint}`,
    bullet: (text: string) => `• ${text}`,
    noteItem: (text: string) => `– ${text}`
} as const;
