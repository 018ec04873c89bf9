import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, realpathSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, test, vi } from 'vitest';
import { CliError } from '../../src/cli/command.js';
import { diffCommand } from '../../src/cli/diff.js';
import type { DiffReport } from '../../src/cli/diff.js';
import { globMatches } from '../../src/cli/find-files.js';
import { journey, REPO, tempTree } from '../cli/run-cli.js';

const SHARED = `persona Ana "Ana, cliente"
channel Web "Site web" digital
team Vente "Vente"
`;

const CHECKOUT = `journey Achat "Acheter en ligne" {
  stage Choix "Choisir" {
    touchpoint Fiche "Fiche produit" {
      channel Web
      personas Ana
      emotion 1
      owner Vente
    }
  }
  stage Paiement "Payer" {
    touchpoint Formulaire "Formulaire de paiement" {
      channel Web
      personas Ana
      emotion -1
      owner Vente
      friction "Formulaire trop long" severity high
      friction "Pas de paiement mobile" severity medium
    }
  }
  metric Conversion "Conversion" in Paiement target 3% actual 1.2%
}
`;

const RETURNS = `journey Retour "Retourner un produit" {
  stage Demande "Demander" {
    touchpoint FormRetour "Formulaire de retour" { channel Web personas Ana emotion 0 owner Vente }
  }
}
`;

function git(cwd: string, ...args: string[]): string {
    return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
}

/** A repository whose second commit edits one emotion, adds a touchpoint, resolves a friction and renames a file. */
function repository(): string {
    const root = tempTree({ 'maps/shared.journey': SHARED, 'maps/checkout.journey': CHECKOUT, 'maps/returns.journey': RETURNS, 'README.md': 'maps\n' });
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'maps');
    const edited = CHECKOUT
        .replace('emotion -1', 'emotion 0')
        .replace('      friction "Formulaire trop long" severity high\n', '')
        .replace('  }\n  metric', `    touchpoint Email "E-mail de confirmation" { channel Web personas Ana emotion 1 owner Vente }
  }
  metric`);
    writeFileSync(join(root, 'maps/checkout.journey'), edited);
    renameSync(join(root, 'maps/returns.journey'), join(root, 'maps/retours.journey'));
    writeFileSync(join(root, 'README.md'), 'maps, changed\n');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'edit');
    return root;
}

describe('journey diff in a git repository', () => {
    test('HEAD~1: exactly the edited emotion, the added touchpoint, the resolved friction and the renamed file', async () => {
        const root = repository();
        const run = await journey(['diff', 'HEAD~1', '--format', 'json'], { cwd: root });
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        const report = JSON.parse(run.stdout) as DiffReport;
        expect(report.base).toBe('HEAD~1');
        expect(report.files.map(f => [f.status, f.from, f.to])).toEqual([
            ['modified', 'maps/checkout.journey', 'maps/checkout.journey'],
            ['renamed', 'maps/returns.journey', 'maps/retours.journey']
        ]);
        const [checkout, renamed] = report.files;
        expect(renamed.comparisons).toEqual([]);
        expect(checkout.comparisons).toHaveLength(1);
        expect(checkout.comparisons[0].changes).toEqual([
            { change: 'changed', element: 'touchpoint', id: 'Formulaire', journey: 'Achat', stage: 'Paiement', field: 'emotion', before: -1, after: 0 },
            { change: 'removed', element: 'friction', id: 'Formulaire trop long', journey: 'Achat', stage: 'Paiement', touchpoint: 'Formulaire', before: { text: 'Formulaire trop long', severity: 'high' } },
            { change: 'added', element: 'touchpoint', id: 'Email', journey: 'Achat', stage: 'Paiement', after: expect.objectContaining({ id: 'Email', label: 'E-mail de confirmation', emotion: 1, personas: ['Ana'], channels: ['Web'], owner: 'Vente' }) }
        ]);
        // The old side resolved in its own folder at that revision: shared personas were found (no change reported on them).
        const markdown = await journey(['diff', 'HEAD~1'], { cwd: root });
        expect(markdown.stdout).toContain('## `maps/retours.journey` (renamed from `maps/returns.journey`)');
        expect(markdown.stdout).toContain('- Touchpoint Formulaire de paiement (`Formulaire`): emotion −1 → 0');
        expect(markdown.stdout).toContain('- **Friction resolved**: ~~“Formulaire trop long”~~ (severity high)');
        expect(markdown.stdout).not.toContain('Pas de paiement mobile');
        expect(markdown.stdout).not.toContain('shared.journey');
    });

    test('default base HEAD: uncommitted and untracked maps; paths limit the files; --render writes a picture per changed journey', async () => {
        const root = repository();
        expect(JSON.parse((await journey(['diff', '-f', 'json'], { cwd: root })).stdout).files).toEqual([]);
        writeFileSync(join(root, 'maps/checkout.journey'), readFileSync(join(root, 'maps/checkout.journey'), 'utf8').replace('emotion 1\n      owner Vente\n    }\n  }\n  stage Paiement', 'emotion 2\n      owner Vente\n    }\n  }\n  stage Paiement'));
        writeFileSync(join(root, 'maps/new.journey'), RETURNS.replace('journey Retour', 'journey Nouveau'));
        const report = JSON.parse((await journey(['diff', '-f', 'json', '--render', 'out'], { cwd: root })).stdout) as DiffReport;
        expect(report.base).toBe('HEAD');
        expect(report.files.map(f => [f.status, f.to])).toEqual([['modified', 'maps/checkout.journey'], ['added', 'maps/new.journey']]);
        expect(report.files[0].comparisons[0].changes.map(c => [c.id, c.field, c.before, c.after])).toEqual([['Fiche', 'emotion', 1, 2]]);
        expect(existsSync(join(root, 'out/Achat.svg')) && existsSync(join(root, 'out/Nouveau.svg'))).toBe(true);
        const limited = JSON.parse((await journey(['diff', '-f', 'json', 'maps/new.journey'], { cwd: root })).stdout) as DiffReport;
        expect(limited.files.map(f => f.to)).toEqual(['maps/new.journey']);
    });

    test('globs among the paths mean what they mean to lint: ** is zero or more folders, * stays in its folder', async () => {
        const root = repository();
        writeFileSync(join(root, 'maps/sub.journey'), RETURNS.replace('journey Retour', 'journey Haut'));
        execFileSync('mkdir', ['-p', join(root, 'maps/deep/er')]);
        writeFileSync(join(root, 'maps/deep/er/x.journey'), RETURNS.replace('journey Retour', 'journey Profond'));
        const changed = async (...paths: string[]) => {
            const run = await journey(['diff', '-f', 'json', ...paths], { cwd: root });
            expect(run.stderr).toBe('');
            return (JSON.parse(run.stdout) as DiffReport).files.map(f => f.to);
        };
        expect(await changed('maps/**/*.journey')).toEqual(['maps/deep/er/x.journey', 'maps/sub.journey']);
        expect(await changed('maps/*.journey')).toEqual(['maps/sub.journey']);
        expect(await changed('**/x.journey')).toEqual(['maps/deep/er/x.journey']);
        // Relative to the current folder, as lint's.
        expect((JSON.parse((await journey(['diff', '-f', 'json', '*.journey'], { cwd: join(root, 'maps') })).stdout) as DiffReport).files.map(f => f.to))
            .toEqual(['maps/sub.journey']);
    });

    test('globs take lint\'s whole syntax: braces (a slash inside too), extglobs; a dotfile only when named', () => {
        // The maps git knows, matched as `lint` globs (globMatches, which diff calls): no repository needed.
        const root = '/repo';
        const files = ['maps/sub.journey', 'maps/.draft.journey', 'maps/deep/er/x.journey', 'maps/returns.journey'].map(file => join(root, file));
        const matched = (cwd: string, glob: string) => globMatches(glob, join(root, cwd), files).map(file => file.slice(root.length + 1)).sort();
        expect(matched('', 'maps/{sub,other}.journey')).toEqual(['maps/sub.journey']);
        expect(matched('maps', '{sub,deep/**/x}.journey')).toEqual(['maps/deep/er/x.journey', 'maps/sub.journey']);
        expect(matched('', 'maps/@(sub|none).journey')).toEqual(['maps/sub.journey']);
        // As `lint maps/*.journey`: `*` does not take a leading dot; a dotfile named is taken.
        expect(matched('', 'maps/*.journey')).toEqual(['maps/returns.journey', 'maps/sub.journey']);
        expect(matched('', 'maps/.{draft,none}.journey')).toEqual(['maps/.draft.journey']);
    });

    test('a glob through a symbolic link matches the maps git knows by their real paths, absolute or relative', () => {
        // git gives real paths (its root is one); a folder removed since the base keeps its name.
        const real = realpathSync(tempTree({ 'repo/maps/a.journey': '' }));
        const link = join(real, 'link');
        symlinkSync(join(real, 'repo'), link);
        const files = ['maps/a.journey', 'maps/gone/b.journey'].map(file => join(real, 'repo', file));
        expect(globMatches(`${link}/maps/*.journey`, join(real, 'repo'), files)).toEqual([files[0]]);
        expect(globMatches(`${link}/maps/gone/*.journey`, real, files)).toEqual([files[1]]);
        expect(globMatches('maps/**/*.journey', link, files).sort()).toEqual(files);
    });

    test('a glob picks the changes of either side: a brace with a slash inside, a map renamed since the base; one matching nothing is an error', async () => {
        const root = repository();
        writeFileSync(join(root, 'maps/sub.journey'), RETURNS.replace('journey Retour', 'journey Haut'));
        execFileSync('mkdir', ['-p', join(root, 'maps/deep/er')]);
        writeFileSync(join(root, 'maps/deep/er/x.journey'), RETURNS.replace('journey Retour', 'journey Profond'));
        const changed = async (cwd: string, ...args: string[]) => {
            const run = await journey(['diff', '-f', 'json', ...args], { cwd });
            expect(run.stderr).toBe('');
            expect(run.code).toBe(0);
            return (JSON.parse(run.stdout) as DiffReport).files.map(f => [f.status, f.to ?? f.from]);
        };
        expect(await changed(root, 'maps/{sub,deep/er/x}.journey')).toEqual([['added', 'maps/deep/er/x.journey'], ['added', 'maps/sub.journey']]);
        // The old side's path matches too: a map renamed since HEAD~1.
        expect(await changed(root, 'HEAD~1', 'maps/{returns,checkout}.journey')).toEqual([['modified', 'maps/checkout.journey'], ['renamed', 'maps/retours.journey']]);
        const none = await journey(['diff', 'HEAD', 'maps/{none,nothing}.journey'], { cwd: root });
        expect([none.code, none.stderr]).toEqual([2, "journey diff: no such file or folder: 'maps/{none,nothing}.journey'\n"]);
    });

    test('--render names the pictures as `render -o DIR/` does: one id in two files, ids equal but for case or Unicode form, a Windows device name', async () => {
        const map = (id: string, title: string) => `journey ${id} "${title}" {\n  stage S "S" {\n    touchpoint T "T" { emotion 1 }\n  }\n}\n`;
        const files = {
            'a/aux.journey': map('Aux', 'aux'),
            'a/cafe.journey': map('Caf\u00e9', 'NFC'),
            'a/checkout.journey': map('Checkout', 'a'),
            'b/cafe.journey': map('Cafe\u0301', 'NFD'),
            'b/checkout.journey': map('Checkout', 'b'),
            'c/case.journey': map('checkout', 'lower case')
        };
        const root = tempTree(files);
        git(root, 'init', '-q', '-b', 'main');
        git(root, 'add', '-A');
        git(root, 'commit', '-q', '-m', 'maps');
        for (const [path, text] of Object.entries(files)) writeFileSync(join(root, path), text.replace('emotion 1', 'emotion 2'));
        const diff = await journey(['diff', '--render', 'out'], { cwd: root });
        expect(diff.code, diff.stderr).toBe(0);
        // On macOS and Windows `checkout.svg` is `Checkout.svg`, `Café` in either form one file, and `Aux.svg` the AUX device.
        const names = ['Aux_.svg', 'Caf\u00e9.svg', 'Checkout.svg', 'Cafe\u0301-2.svg', 'b.checkout.Checkout.svg', 'checkout-2.svg'];
        expect(diff.stderr).toBe(names.map(name => `wrote ${join('out', name)}\n`).join(''));
        expect(readdirSync(join(root, 'out')).sort()).toEqual([...names].sort());
        const render = await journey(['render', ...Object.keys(files), '-o', 'rendered/'], { cwd: root });
        expect(render.code, render.stderr).toBe(0);
        expect(readdirSync(join(root, 'rendered')).sort()).toEqual([...names].sort());
        // Each picture is its own map's.
        expect(readFileSync(join(root, 'out/b.checkout.Checkout.svg'), 'utf8')).toContain('>b<');
        expect(readFileSync(join(root, 'out/checkout-2.svg'), 'utf8')).toContain('lower case');
        expect(readFileSync(join(root, 'out/Cafe\u0301-2.svg'), 'utf8')).toContain('NFD');
    });

    test('the merge base with the upstream branch is the default base', async () => {
        const root = repository();
        git(root, 'branch', 'upstream-main', 'HEAD~1');
        git(root, 'branch', '--set-upstream-to=upstream-main');
        const report = JSON.parse((await journey(['diff', '-f', 'json'], { cwd: root })).stdout) as DiffReport;
        expect(report.base).toBe(git(root, 'rev-parse', 'HEAD~1').trim());
        expect(report.files.map(f => f.status)).toEqual(['modified', 'renamed']);
    });

    test('outside a repository: says so, in the CLI\'s language, and names the two-file form, which needs none', async () => {
        const outside = tempTree({ 'a.journey': RETURNS, 'b.journey': RETURNS.replace('emotion 0', 'emotion 1') });
        vi.stubEnv('GIT_CEILING_DIRECTORIES', join(outside, '..'));
        // Where git has its French installed, this makes its own words French: the command must still recognise them (it asks git for English).
        vi.stubEnv('LC_ALL', 'fr_FR.UTF-8');
        try {
            const io = { cwd: outside, stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: { JOURNEY_CACHE_DIR: 'off' } };
            const error = await diffCommand.run(['a.journey'], io).then(() => undefined, (thrown: unknown) => thrown);
            expect(error).toBeInstanceOf(CliError);
            expect((error as CliError).exitCode).toBe(2);
            expect((error as CliError).in('en')).toBe('not in a git repository: `journey diff` compares the maps with a revision of their repository; two files can be compared anywhere with `journey diff A B`');
            expect((error as CliError).in('fr')).toBe("pas dans un dépôt git\u00a0: `journey diff` compare les cartes à une révision de leur dépôt\u202f; deux fichiers se comparent n'importe où avec `journey diff A B`");
            expect(await diffCommand.run(['a.journey', 'b.journey', '-f', 'json'], io)).toBe(0);
        } finally {
            vi.unstubAllEnvs();
        }
    });

    test('errors: an unknown revision, a syntax error at the old revision', async () => {
        const root = repository();
        const unknown = await journey(['diff', '--base', 'nope'], { cwd: root });
        expect(unknown.stderr).toBe("journey diff: 'nope' is not a revision of this repository\n");
        writeFileSync(join(root, 'maps/checkout.journey'), 'journey Cassé {\n  stage\n');
        git(root, 'commit', '-qam', 'broken');
        writeFileSync(join(root, 'maps/checkout.journey'), CHECKOUT);
        const broken = await journey(['diff'], { cwd: root });
        expect(broken.code).toBe(1);
        expect(broken.stderr).toMatch(/^journey diff: HEAD:maps\/checkout\.journey:\d+:\d+: /);
    });

    test('a first argument that is neither a revision nor a path, or a path that matches nothing, is an error, not "no change"', async () => {
        const root = repository();
        writeFileSync(join(root, 'maps/checkout.journey'), CHECKOUT.replace('emotion -1', 'emotion -2'));
        // A shallow CI clone has no origin/main: its diff must not say that nothing changed since HEAD.
        const unfetched = await journey(['diff', 'origin/main'], { cwd: root });
        expect(unfetched.stdout).toBe('');
        expect(unfetched.stderr).toBe("journey diff: 'origin/main' is neither a revision nor a file or folder of this repository\n");
        expect(unfetched.code).toBe(2);
        const mistyped = await journey(['diff', 'HEAD', 'maps/chekout.journey'], { cwd: root });
        expect(mistyped.stderr).toBe("journey diff: no such file or folder: 'maps/chekout.journey'\n");
        expect(mistyped.code).toBe(2);
        // Paths git knows are fine though the working tree lacks them: a removed map, a glob (a pathspec).
        const removed = await journey(['diff', 'HEAD~1', '-f', 'json', 'maps/returns.journey', 'maps/*.journey'], { cwd: root });
        expect(removed.stderr).toBe('');
        expect((JSON.parse(removed.stdout) as DiffReport).files.map(f => [f.status, f.to])).toEqual([['modified', 'maps/checkout.journey'], ['renamed', 'maps/retours.journey']]);
    });

    test('a changed map that is not UTF-8, on either side, is left out with a warning naming it; the others are compared (exit 0)', async () => {
        const root = repository();
        /** `Café` in Latin-1: byte 0xE9 at line 2, column 15. */
        const latin1 = Buffer.concat([Buffer.from('// old export\njourney C "Caf'), Buffer.from([0xe9]), Buffer.from('" { stage S "S" { } }\n')]);
        writeFileSync(join(root, 'maps/added.journey'), latin1);
        writeFileSync(join(root, 'maps/checkout.journey'), CHECKOUT.replace('emotion -1', 'emotion -2'));
        const added = await journey(['diff', '-f', 'json'], { cwd: root });
        expect(added.stderr).toBe('maps/added.journey:2:15: warning: byte 0xE9 is not UTF-8, so the map is left out (save the file as UTF-8)\n');
        expect(added.code).toBe(0);
        expect((JSON.parse(added.stdout) as DiffReport).files.map(f => [f.status, f.to])).toEqual([['modified', 'maps/checkout.journey']]);
        // At the base: the old side of a map saved as UTF-8 since, and a neighbour the old side of checkout is read with.
        git(root, 'add', '-A');
        git(root, 'commit', '-q', '-m', 'latin-1');
        writeFileSync(join(root, 'maps/added.journey'), latin1.toString('latin1'));
        writeFileSync(join(root, 'maps/checkout.journey'), CHECKOUT.replace('emotion -1', 'emotion 1'));
        const old = await journey(['diff', '-f', 'json'], { cwd: root });
        expect(old.stderr).toBe('HEAD:maps/added.journey:2:15: warning: byte 0xE9 is not UTF-8, so the map is left out (save the file as UTF-8)\n');
        expect(old.code).toBe(0);
        const report = JSON.parse(old.stdout) as DiffReport;
        expect(report.files.map(f => [f.status, f.to])).toEqual([['modified', 'maps/checkout.journey']]);
        expect(report.files[0].comparisons[0].changes.map(c => [c.id, c.field, c.before, c.after])).toEqual([['Formulaire', 'emotion', -2, 1]]);
        // Two files named, as with compare: the one not UTF-8 stops the command.
        writeFileSync(join(root, 'latin1.journey'), latin1);
        const named = await journey(['diff', 'maps/added.journey', 'latin1.journey'], { cwd: root });
        expect([named.code, named.stderr]).toEqual([2, 'journey diff: latin1.journey:2:15: byte 0xE9 is not UTF-8 (save the file as UTF-8)\n']);
    });

    test('two files: their journeys compared (git difftool passes the old and the new file)', async () => {
        const root = tempTree({ 'old/a.journey': RETURNS, 'new/a.journey': RETURNS.replace('emotion 0', 'emotion -2') });
        const run = await journey(['diff', 'old/a.journey', 'new/a.journey'], { cwd: root });
        expect(run.code).toBe(0);
        expect(run.stdout).toContain('## `new/a.journey` (compared with `old/a.journey`)');
        expect(run.stdout).toContain('emotion 0 → −2');
    });

    test('the README\'s textconv: git diff shows only what changed, both sides in the French of the top\'s journey.config.json', () => {
        // git hands the old side as /tmp/git-blob-…/checkout.journey, outside any config, and runs the command at the top.
        const root = tempTree({ 'journey.config.json': '{ "locale": "fr" }', 'maps/checkout.journey': CHECKOUT, '.gitattributes': '*.journey diff=journey\n' });
        git(root, 'init', '-q', '-b', 'main');
        git(root, 'config', 'diff.journey.textconv', `node ${JSON.stringify(join(REPO, 'bin/journey.js'))} export -f markdown`);
        git(root, 'add', '-A');
        git(root, 'commit', '-q', '-m', 'maps');
        writeFileSync(join(root, 'maps/checkout.journey'), CHECKOUT.replace('emotion -1', 'emotion 0'));
        const changed = git(join(root, 'maps'), 'diff').split('\n').filter(line => /^[-+](?![-+])/.test(line));
        expect(changed).toEqual([expect.stringMatching(/^-\| Formulaire de paiement .*−1/), expect.stringMatching(/^\+\| Formulaire de paiement .*\b0 /)]);
    });

    test('git difftool on an added or a removed map: /dev/null for the missing side, the journey added or removed', async () => {
        const root = repository();
        writeFileSync(join(root, 'maps/new.journey'), RETURNS.replace('journey Retour', 'journey Nouveau'));
        git(root, 'add', 'maps/new.journey');
        git(root, 'rm', '-q', 'maps/retours.journey');
        // What git passes its external tool: the old file, the new file; /dev/null where there is none.
        const tool = `node ${JSON.stringify(join(REPO, 'bin/journey.js'))} diff -f json`;
        const output = git(root, 'difftool', '-y', '--cached', '--no-renames', '-x', tool, '--', 'maps/new.journey', 'maps/retours.journey');
        const reports = output.trim().split(/\n(?=\{)/).map(text => JSON.parse(text) as DiffReport);
        expect(reports.map(r => r.files.map(f => [f.status, f.from, f.to]))).toEqual([
            [['added', null, expect.stringMatching(/new\.journey$/)]],
            [['removed', expect.stringMatching(/retours\.journey$/), null]]
        ]);
        expect(reports[0].files[0].comparisons.map(c => [c.from, c.to?.journey])).toEqual([[null, 'Nouveau']]);
        expect(reports[1].files[0].comparisons.map(c => [c.from?.journey, c.to])).toEqual([['Retour', null]]);
    });
});
