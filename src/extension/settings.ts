// The preview's settings (`journey.preview.*`), read into the pipeline's DiagramOptions.
import * as vscode from 'vscode';
import { LANE_IDS, type DiagramOptions, type GroupBy, type LaneId } from '../diagram/types.js';

export const PREVIEW_SECTION = 'journey.preview';

export function previewOptionsFromSettings(scope?: vscode.Uri): DiagramOptions {
    const settings = vscode.workspace.getConfiguration(PREVIEW_SECTION, scope);
    const groupBy: GroupBy = settings.get<string>('groupBy') === 'persona' ? 'persona' : 'channel';
    const configured = settings.get<unknown>('lanes');
    // Unknown lane names are ignored; a setting with none left means "all lanes".
    const lanes = Array.isArray(configured) ? LANE_IDS.filter(lane => configured.includes(lane)) : [];
    return lanes.length > 0 && lanes.length < LANE_IDS.length ? { groupBy, lanes: lanes as LaneId[] } : { groupBy };
}
