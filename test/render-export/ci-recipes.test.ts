// The README's CI recipes, run as written: their YAML is parsed from the README, their
// steps' shell runs in a temporary git repository with this checkout's CLI behind a
// stand-in npx (see ci-runner.ts), and what the job would do is checked.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cleanMap, REPO } from '../cli/run-cli.js';
import { BAD_MAP, bash, ciRepository, PACKAGE_VERSION, readIfExists, runAction, runnerEnv, runSteps } from './ci-runner.js';

const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const CI_SECTIONS = README.slice(README.indexOf('\n## Lint maps in pull requests'), README.indexOf('\n## Benchmarks'));

/** The YAML blocks of the README section under `heading` (up to the next heading), parsed. */
function yamlBlocks(heading: string): unknown[] {
    const start = README.indexOf(`\n${heading}\n`);
    expect(start, heading).toBeGreaterThanOrEqual(0);
    const rest = README.slice(start + heading.length + 2);
    const section = rest.slice(0, rest.search(/\n#{1,3} /));
    return [...section.matchAll(/```yaml\n([^]*?)```/g)].map(block => parse(block[1]));
}

type Steps = Parameters<typeof runSteps>[0];
const [WORKFLOW] = yamlBlocks('## Lint maps in pull requests (GitHub Actions)') as [{ jobs: { lint: { steps: Steps } } }];
const [ONE_LINE] = yamlBlocks('### In one line: the Journey action') as [Steps];
const [PUBLISH] = yamlBlocks('### Publish rendered maps as build artifacts (GitHub Actions)') as [Steps];
const [GITLAB] = yamlBlocks('### GitLab CI') as [Record<string, { image: string, script: string[] }>];

const LINT_REPO = { 'maps/ok.journey': cleanMap(), 'maps/bad.journey': BAD_MAP };
// Personas shared by the maps, in a file that holds no journey.
const COMMON = 'persona Ana "Ana"\nchannel Web "Web" digital\n';

/** Whether `journey render FOLDER` renders the maps of a folder and skips files without a journey (another change brings it). */
describe('README CI recipes: versions', () => {
    it('run a maintained Node (22 or 24) and pin journey-maps and the action to this release', () => {
        const nodes = [...CI_SECTIONS.matchAll(/node-version: (\S+)|image: node:(\S+)/g)].map(m => m[1] ?? m[2]);
        expect(nodes.length).toBeGreaterThanOrEqual(4);
        for (const node of nodes) expect(['22', '24']).toContain(node);
        const packages = [...CI_SECTIONS.matchAll(/--package=journey-maps@(\S+) /g)].map(m => m[1]);
        expect(packages.length).toBeGreaterThanOrEqual(4);
        expect(new Set(packages)).toEqual(new Set([PACKAGE_VERSION]));
        expect(new Set([...CI_SECTIONS.matchAll(/uses: journey-maps\/journey@(\S+)/g)].map(m => m[1]))).toEqual(new Set([`v${PACKAGE_VERSION}`]));
    });
});

describe('README: Lint maps in pull requests (GitHub Actions)', () => {
    function runWorkflow(files: Record<string, string>, env: Record<string, string> = {}) {
        const { repo, tools } = ciRepository(files);
        const runnerEnvironment = runnerEnv(repo, tools, env);
        const job = runSteps(WORKFLOW.jobs.lint.steps, repo, runnerEnvironment);
        return { job, repo, summary: readIfExists(runnerEnvironment.GITHUB_STEP_SUMMARY) };
    }

    it('findings: annotations and a job summary, the job fails, and the SARIF report is still uploaded', () => {
        const { job, repo, summary } = runWorkflow(LINT_REPO);
        const [annotations, sarif] = job.steps;
        expect(annotations.status, annotations.stderr).toBe(1);
        expect(annotations.stdout).toMatch(/^::error file=maps\/bad\.journey,line=1,/m);
        expect(summary).toMatch(/^### Journey lint: 1 error, 2 warnings, 2 infos in 2 files\n/);
        expect(sarif.status, sarif.stderr).toBe(0);
        expect(job.used.map(u => u.uses)).toEqual(['actions/checkout@v5', 'actions/setup-node@v5', 'github/codeql-action/upload-sarif@v4']);
        expect(job.used[2].with).toEqual({ sarif_file: 'journey.sarif', category: 'journey' });
        expect(JSON.parse(readFileSync(join(repo, 'journey.sarif'), 'utf8')).runs[0].results.length).toBeGreaterThan(0);
        expect(job.failed).toBe(true);
    });

    it('a clean repository passes', () => {
        const { job } = runWorkflow({ 'maps/ok.journey': cleanMap() });
        expect(job.steps.map(s => s.status)).toEqual([0, 0]);
        expect(job.failed).toBe(false);
    });

    it('npx cannot fetch the package: "journey did not run", and no empty SARIF is uploaded', () => {
        const { job, repo } = runWorkflow(LINT_REPO, { FAKE_NPM_PUBLISHED: 'none' });
        const sarif = job.steps[1];
        expect(sarif.status).toBe(2);
        expect(sarif.stdout).toContain('::error::journey did not run');
        expect(existsSync(join(repo, 'journey.sarif'))).toBe(false);
        expect(job.used.map(u => u.uses)).not.toContain('github/codeql-action/upload-sarif@v4');
    });
});

describe('README: In one line: the Journey action', () => {
    const actionSteps = ONE_LINE.filter(step => step.uses?.startsWith('journey-maps/journey@'));
    const inputs = (step: Steps[number]) => Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, String(v)]));

    it('the annotations example: its multi-line files are all linted with the action\'s own version', () => {
        const { repo, tools } = ciRepository({ ...LINT_REPO, 'common.journey': COMMON });
        const { outputs, lint, calls, summary } = runAction(repo, tools, inputs(actionSteps[0]));
        expect(outputs).toEqual({ 'exit-code': '1', outcome: 'findings' });
        expect(calls).toContain(`npx --yes --package=journey-maps@${PACKAGE_VERSION} journey lint --format github --max-warnings 0 maps/**/*.journey common.journey\n`);
        expect(lint.stdout).toMatch(/^::error file=maps\/bad\.journey,/m);
        expect(summary).toContain('in 3 files');
    });

    it('the code scanning example: a SARIF report, uploaded', () => {
        const { repo, tools } = ciRepository(LINT_REPO);
        const { outputs, job } = runAction(repo, tools, inputs(actionSteps[1]));
        expect(outputs.outcome).toBe('findings');
        expect(JSON.parse(readFileSync(outputs['sarif-file'], 'utf8')).version).toBe('2.1.0');
        expect(job.used.map(u => u.with.sarif_file)).toEqual([outputs['sarif-file']]);
    });
});

describe('README: Publish rendered maps as build artifacts', () => {
    it('renders every journey of maps/ to SVG and HTML, skipping the file of shared personas', () => {
        const { repo, tools } = ciRepository({
            'maps/common.journey': COMMON,
            'maps/a.journey': 'journey A { stage S { touchpoint T { personas Ana } } }\n',
            'maps/b.journey': 'journey B { stage S { touchpoint T { channel Web } } }\n'
        });
        const job = runSteps(PUBLISH, repo, runnerEnv(repo, tools));
        expect(job.failed, job.steps.map(s => s.stderr).join('\n')).toBe(false);
        expect(readdirSync(join(repo, 'rendered')).sort()).toEqual(['A.html', 'A.svg', 'B.html', 'B.svg']);
        expect(job.used.at(-1)).toEqual({ uses: 'actions/upload-artifact@v5', with: { name: 'journey-maps', path: 'rendered/' } });
    });
});

describe('README: GitLab CI', () => {
    /** A job's `script:` lines as the GitLab runner runs them: one bash session, stopping at the first failing line. */
    function runJob(name: string, files: Record<string, string>) {
        const { repo, tools } = ciRepository(files);
        const run = bash(GITLAB[name].script.join('\n'), repo, runnerEnv(repo, tools));
        return { run, repo };
    }

    it('journey-lint: findings fail the job after the Code Quality report and the SARIF are written', () => {
        const { run, repo } = runJob('journey-lint', LINT_REPO);
        expect(run.status, run.stderr).toBe(1);
        const issues = JSON.parse(readFileSync(join(repo, 'gl-code-quality-report.json'), 'utf8'));
        expect(issues).toContainEqual(expect.objectContaining({ check_name: 'emotion-range', severity: 'major', location: { path: 'maps/bad.journey', lines: { begin: 1 } } }));
        expect(new Set(issues.map((i: { fingerprint: string }) => i.fingerprint)).size).toBe(issues.length);
        expect(JSON.parse(readFileSync(join(repo, 'journey.sarif'), 'utf8')).version).toBe('2.1.0');
    });

    it('journey-lint: a clean repository passes with an empty report; journey exiting 2 fails the job before any report', () => {
        const clean = runJob('journey-lint', { 'maps/ok.journey': cleanMap() });
        expect(clean.run.status, clean.run.stderr).toBe(0);
        expect(JSON.parse(readFileSync(join(clean.repo, 'gl-code-quality-report.json'), 'utf8'))).toEqual([]);
        const broken = runJob('journey-lint', { 'README.md': 'No map here.\n' }); // no map to lint: exit 2
        expect(broken.run.status).not.toBe(0);
        expect(broken.run.stderr).toContain('journey lint:');
        expect(existsSync(join(broken.repo, 'gl-code-quality-report.json'))).toBe(false);
    });

    it('journey-render: every journey of maps/ as SVG, the file of shared personas skipped', () => {
        const { run, repo } = runJob('journey-render', { 'maps/common.journey': COMMON, 'maps/a.journey': 'journey A { stage S { touchpoint T { personas Ana } } }\n' });
        expect(run.status, run.stderr).toBe(0);
        expect(readdirSync(join(repo, 'rendered'))).toEqual(['A.svg']);
    });

    it('runs on a maintained Node image', () => {
        for (const job of Object.values(GITLAB)) expect(job.image).toMatch(/^node:(22|24)$/);
    });
});
