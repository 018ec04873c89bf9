/**
 * Whether the stylish output uses ANSI colours, as other command-line tools
 * decide it: `--color`/`--no-color` (the last one given) win, then `NO_COLOR`
 * (https://no-color.org) turns them off and `FORCE_COLOR` on (`0` off), then a
 * `TERM=dumb` terminal has none, else colours only on a terminal.
 */
export function useColor(args: readonly string[], env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
    const flag = [...args].reverse().find(arg => arg === '--color' || arg === '--no-color');
    if (flag !== undefined) return flag === '--color';
    if (env.NO_COLOR) return false;
    if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
    if (env.TERM === 'dumb') return false;
    return isTTY;
}
