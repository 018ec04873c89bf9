// Runs CI recipes as a runner would: the shell of action.yml's steps and of the
// README's workflows, against a temporary git repository and this checkout's CLI.
// Only `npx` and `npm` are stand-ins (no registry here); every other line runs as written.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { parse } from 'yaml';
import { REPO, tempTree } from '../cli/run-cli.js';

export const PACKAGE_VERSION: string = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version;
const BIN = join(REPO, 'bin/journey.js');

/**
 * `npx`: `--package=journey-maps[@VERSION] journey ARGS` runs this checkout's CLI when
 * VERSION is the one "published" (FAKE_NPM_PUBLISHED, by default this checkout's
 * version) or absent, else fails as npm does on a 404 (exit 1, nothing on stdout).
 * `npx journey ARGS` runs node_modules/.bin/journey, as npx does after `npm ci`.
 * Each call is appended to $FAKE_CALLS.
 */
const FAKE_NPX = `#!/bin/bash
echo "npx $*" >> "$FAKE_CALLS"
spec=''
while [ $# -gt 0 ]; do
  case "$1" in
    -y|--yes) shift ;;
    --package=*) spec="\${1#--package=}"; shift ;;
    *) break ;;
  esac
done
[ "$1" = journey ] || { echo "npm error could not determine executable to run" >&2; exit 1; }
shift
if [ -z "$spec" ]; then
  [ -x node_modules/.bin/journey ] || { echo "npm error could not determine executable to run" >&2; exit 1; }
  exec node_modules/.bin/journey "$@"
fi
version="\${spec#journey-maps}"; version="\${version#@}"
if [ "\${spec%%@*}" != journey-maps ] || { [ -n "$version" ] && [ "$version" != "$FAKE_NPM_PUBLISHED" ]; }; then
  echo "npm error 404 Not Found - GET https://registry.npmjs.org/$spec - Not found" >&2
  exit 1
fi
exec "${process.execPath}" "${BIN}" "$@"
`;

/** `npm ci`: installs the repository's journey-maps, i.e. this checkout's CLI as node_modules/.bin/journey. */
const FAKE_NPM = `#!/bin/bash
echo "npm $*" >> "$FAKE_CALLS"
[ "$1" = ci ] || { echo "fake npm: only 'npm ci' is known" >&2; exit 1; }
mkdir -p node_modules/.bin
printf '#!/bin/sh\\nexec "%s" "%s" "$@"\\n' "${process.execPath}" "${BIN}" > node_modules/.bin/journey
chmod +x node_modules/.bin/journey
`;

export const BAD_MAP = 'journey J { stage S { touchpoint T { emotion 5 } } }\n';

/** A git repository holding `files`, with the stand-in tools in a folder of their own (not in the repository). */
export function ciRepository(files: Record<string, string>): { repo: string, tools: string } {
    const root = tempTree({});
    const repo = join(root, 'repo'), tools = join(root, 'tools');
    mkdirSync(tools);
    for (const [path, text] of Object.entries(files)) {
        mkdirSync(join(repo, path, '..'), { recursive: true });
        writeFileSync(join(repo, path), text);
    }
    mkdirSync(repo, { recursive: true });
    const init = spawnSync('git', ['init', '-q', repo], { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(init.stderr);
    writeFileSync(join(tools, 'npx'), FAKE_NPX);
    writeFileSync(join(tools, 'npm'), FAKE_NPM);
    chmodSync(join(tools, 'npx'), 0o755);
    chmodSync(join(tools, 'npm'), 0o755);
    return { repo, tools };
}

/** The runner's environment for a step: GITHUB_OUTPUT and GITHUB_STEP_SUMMARY as files in RUNNER_TEMP. */
export function runnerEnv(repo: string, tools: string, extra: Record<string, string> = {}): Record<string, string> {
    const temp = join(tools, '..', 'runner-temp');
    mkdirSync(temp, { recursive: true });
    const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(GITHUB_|RUNNER_|NO_COLOR|FORCE_COLOR)/.test(key))) as Record<string, string>;
    return {
        ...base,
        PATH: `${tools}${delimiter}${process.env.PATH}`,
        CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: repo, RUNNER_TEMP: temp,
        GITHUB_OUTPUT: join(temp, 'output'), GITHUB_STEP_SUMMARY: join(temp, 'summary'),
        FAKE_CALLS: join(temp, 'calls'), FAKE_NPM_PUBLISHED: PACKAGE_VERSION,
        ...extra
    };
}

/** A `run:` script as GitHub's `shell: bash` runs it. */
export function bash(script: string, cwd: string, env: Record<string, string>): SpawnSyncReturns<string> {
    return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env, encoding: 'utf8' });
}

export function readIfExists(path: string): string {
    return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/** `name=value` lines of a GITHUB_OUTPUT file. */
export function parseOutputs(path: string): Record<string, string> {
    return Object.fromEntries(readIfExists(path).split('\n').filter(Boolean).map(line => {
        const at = line.indexOf('=');
        return [line.slice(0, at), line.slice(at + 1)];
    }));
}

interface Step {
    readonly id?: string;
    readonly if?: string;
    readonly uses?: string;
    readonly run?: string;
    readonly shell?: string;
    readonly env?: Record<string, string>;
    readonly with?: Record<string, string | number>;
}

export interface StepRun {
    readonly step: Step;
    readonly status: number;
    readonly stdout: string;
    readonly stderr: string;
}

export interface JobRun {
    readonly steps: StepRun[];
    /** The `uses:` steps that ran (their `if:` held), with their inputs. */
    readonly used: { uses: string, with: Record<string, string> }[];
    /** The outputs of each step with an id. */
    readonly outputs: Record<string, Record<string, string>>;
    readonly failed: boolean;
}

/**
 * Runs a job's steps in order, as the runner does: a step runs when its `if:`
 * holds (without a status function, `success() &&` is implied); `${{ … }}` in
 * `env:`, `with:` and `if:` are evaluated from `context`; `run:` scripts run
 * in `cwd`; `uses:` steps are recorded, not run.
 */
export function runSteps(steps: readonly Step[], cwd: string, env: Record<string, string>, context: { inputs?: Record<string, string> } = {}): JobRun {
    const runs: StepRun[] = [];
    const used: JobRun['used'] = [];
    let failed = false;
    const outputs: Record<string, Record<string, string>> = {};
    for (const step of steps) {
        const evaluate = (expression: string) => evaluateExpression(expression, { ...context, steps: outputs, failed, cwd });
        const condition = step.if === undefined ? 'success()' : unwrap(step.if);
        if (!toBoolean(evaluate(/\b(success|failure|always|cancelled)\(\)/.test(condition) ? condition : `success() && (${condition})`))) continue;
        const substitute = (value: string | number) => String(value).replace(/\$\{\{(.*?)\}\}/g, (_, expression: string) => String(evaluate(expression)));
        if (step.uses !== undefined) {
            used.push({ uses: step.uses, with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(v)])) });
            continue;
        }
        const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(v)]));
        writeFileSync(env.GITHUB_OUTPUT, '');
        const run = bash(step.run!, cwd, { ...env, ...stepEnv });
        runs.push({ step, status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr });
        if (step.id !== undefined) outputs[step.id] = parseOutputs(env.GITHUB_OUTPUT);
        if (run.status !== 0) failed = true;
    }
    return { steps: runs, used, outputs, failed };
}

function unwrap(condition: string): string {
    const match = /^\s*\$\{\{(.*)\}\}\s*$/s.exec(condition);
    return match ? match[1] : condition;
}

function toBoolean(value: unknown): boolean {
    return value !== false && value !== '' && value !== 0 && value !== null && value !== undefined;
}

/**
 * The part of GitHub's expression language these workflows use: `inputs.x`,
 * `steps.id.outputs.x`, 'strings', `==`, `!=`, `&&`, `||`, `!`, parentheses,
 * success(), failure(), always(), cancelled(), hashFiles('path') (one path).
 */
function evaluateExpression(expression: string, context: { inputs?: Record<string, string>, steps: Record<string, Record<string, string>>, failed: boolean, cwd: string }): unknown {
    const values: unknown[] = [];
    const placeholder = (value: unknown) => `__v[${values.push(value) - 1}]`;
    const js = expression
        .replace(/'((?:[^']|'')*)'/g, (_, text: string) => placeholder(text.replace(/''/g, "'")))
        .replace(/\bhashFiles\((__v\[\d+\])\)/g, (_, path: string) => {
            const file = join(context.cwd, String(values[Number(/\d+/.exec(path)![0])]));
            return placeholder(existsSync(file) && statSync(file).isFile() ? 'hash' : '');
        })
        .replace(/\binputs\.([\w-]+)/g, (_, name: string) => placeholder(context.inputs?.[name] ?? ''))
        .replace(/\bsteps\.([\w-]+)\.outputs\.([\w-]+)/g, (_, id: string, name: string) => placeholder(context.steps[id]?.[name] ?? ''))
        .replace(/\bsuccess\(\)/g, String(!context.failed))
        .replace(/\bfailure\(\)/g, String(context.failed))
        .replace(/\balways\(\)/g, 'true')
        .replace(/\bcancelled\(\)/g, 'false')
        .replace(/==/g, '===').replace(/!=/g, '!==').replace(/!===/g, '!==');
    if (/[a-zA-Z]/.test(js.replace(/__v\[\d+\]|true|false/g, ''))) throw new Error(`expression not understood by the test runner: ${expression}`);
    return new Function('__v', `return (${js});`)(values);
}

/** action.yml, parsed. */
export function loadAction(): { inputs: Record<string, { default?: string }>, outputs: Record<string, unknown>, runs: { steps: Step[] } } {
    return parse(readFileSync(join(REPO, 'action.yml'), 'utf8'));
}

/** Runs action.yml's composite steps with `with` as its inputs (the defaults for the others). */
export function runAction(repo: string, tools: string, withInputs: Record<string, string>, extraEnv: Record<string, string> = {}) {
    const action = loadAction();
    const unknown = Object.keys(withInputs).filter(name => !(name in action.inputs));
    if (unknown.length > 0) throw new Error(`action.yml has no input ${unknown.join(', ')}`);
    const inputs = Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, withInputs[name] ?? String(input.default ?? '')]));
    const env = runnerEnv(repo, tools, { GITHUB_ACTION_PATH: REPO, ...extraEnv });
    const job = runSteps(action.runs.steps, repo, env, { inputs });
    return {
        job, lint: job.steps[0], outputs: job.outputs.lint ?? {},
        summary: readIfExists(env.GITHUB_STEP_SUMMARY),
        calls: readIfExists(env.FAKE_CALLS)
    };
}
