// Colours of the map. In the webview every colour is a VS Code theme variable (so light,
// dark and high-contrast themes just work) with a light fallback; standalone files inline
// a light or dark palette as plain values (renderers such as resvg ignore CSS variables).

export type ColourToken =
    | 'background' | 'foreground' | 'muted' | 'border' | 'gridLine' | 'laneBand' | 'headerBand'
    | 'cardBackground' | 'cardBorder' | 'accent' | 'edge'
    | 'goal' | 'action' | 'touchpoint' | 'backstage' | 'support' | 'metric'
    | 'severityHigh' | 'severityMedium' | 'severityLow' | 'opportunity'
    | 'positive' | 'negative' | 'target' | 'actual' | 'gap';

interface Token { vscode: string; light: string; dark: string }

const TOKENS: Record<ColourToken, Token> = {
    background: { vscode: '--vscode-editor-background', light: '#ffffff', dark: '#1e1e1e' },
    foreground: { vscode: '--vscode-editor-foreground', light: '#1f2328', dark: '#d4d4d4' },
    muted: { vscode: '--vscode-descriptionForeground', light: '#59636e', dark: '#a0a0a0' },
    border: { vscode: '--vscode-panel-border', light: '#d0d7de', dark: '#3c3c3c' },
    gridLine: { vscode: '--vscode-editorIndentGuide-background1', light: '#e6e9ec', dark: '#333333' },
    laneBand: { vscode: '--vscode-sideBar-background', light: '#f6f8fa', dark: '#232323' },
    headerBand: { vscode: '--vscode-editorWidget-background', light: '#eef1f4', dark: '#252526' },
    cardBackground: { vscode: '--vscode-input-background', light: '#ffffff', dark: '#2d2d30' },
    cardBorder: { vscode: '--vscode-editorWidget-border', light: '#c8d1da', dark: '#4a4a4f' },
    accent: { vscode: '--vscode-focusBorder', light: '#0969da', dark: '#3794ff' },
    edge: { vscode: '--vscode-editorLineNumber-activeForeground', light: '#57606a', dark: '#c6c6c6' },
    goal: { vscode: '--vscode-charts-purple', light: '#8250df', dark: '#b180d7' },
    action: { vscode: '--vscode-charts-blue', light: '#0969da', dark: '#3794ff' },
    touchpoint: { vscode: '--vscode-textLink-foreground', light: '#0550ae', dark: '#4daafc' },
    backstage: { vscode: '--vscode-charts-orange', light: '#bc4c00', dark: '#d18616' },
    support: { vscode: '--vscode-charts-yellow', light: '#9a6700', dark: '#cca700' },
    metric: { vscode: '--vscode-charts-blue', light: '#0969da', dark: '#3794ff' },
    severityHigh: { vscode: '--vscode-errorForeground', light: '#cf222e', dark: '#f85149' },
    severityMedium: { vscode: '--vscode-editorWarning-foreground', light: '#bf8700', dark: '#cca700' },
    severityLow: { vscode: '--vscode-editorInfo-foreground', light: '#0969da', dark: '#3794ff' },
    opportunity: { vscode: '--vscode-testing-iconPassed', light: '#1a7f37', dark: '#73c991' },
    positive: { vscode: '--vscode-charts-green', light: '#1a7f37', dark: '#89d185' },
    negative: { vscode: '--vscode-charts-red', light: '#cf222e', dark: '#f14c4c' },
    target: { vscode: '--vscode-editor-foreground', light: '#1f2328', dark: '#d4d4d4' },
    actual: { vscode: '--vscode-charts-blue', light: '#0969da', dark: '#3794ff' },
    gap: { vscode: '--vscode-charts-orange', light: '#d1242f', dark: '#f0883e' }
};

/** Line colours of the emotion curves, one per persona, cycling. */
export const CURVE_TOKENS: readonly ColourToken[] = ['accent', 'backstage', 'positive', 'goal', 'negative', 'support'];

export type Theme = 'light' | 'dark' | 'vscode';

/** The CSS value of a token in a theme. High contrast borders win where VS Code defines them. */
export function colour(token: ColourToken, theme: Theme): string {
    const t = TOKENS[token];
    if (theme !== 'vscode') return t[theme];
    if (token === 'cardBorder' || token === 'border') return `var(--vscode-contrastBorder, var(${t.vscode}, ${t.light}))`;
    return `var(${t.vscode}, ${t.light})`;
}
