// `npm test` runs this first: the suites drive two programs that npm cannot install,
// Debian's Chromium (the preview page, the HTML export) and Neovim (a third-party LSP
// client). On a fresh Debian machine where we are root, they are installed with apt-get,
// so the README's two commands are all a new machine needs; elsewhere the missing ones
// are named with the command that installs them, and the suites that need them fail
// (Chromium) or skip (Neovim) saying so.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const TOOLS = [
    { name: 'Chromium', present: () => existsSync('/usr/bin/chromium'), debianPackage: 'chromium' },
    { name: 'Neovim', present: () => spawnSync('nvim', ['--version'], { timeout: 5_000 }).status === 0, debianPackage: 'neovim' }
];

const missing = TOOLS.filter(tool => !tool.present());
if (missing.length > 0) {
    const packages = missing.map(tool => tool.debianPackage);
    const canInstall = process.getuid?.() === 0 && spawnSync('apt-get', ['--version']).status === 0;
    if (canInstall) {
        console.log(`npm test: installing ${missing.map(tool => tool.name).join(' and ')} (apt-get install ${packages.join(' ')})`);
        spawnSync('apt-get', ['update'], { stdio: 'ignore' });
        // One package at a time: one that fails does not keep the other out.
        for (const name of packages) {
            const run = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', name], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
            if (run.status !== 0) console.warn(`npm test: could not install ${name} (apt-get exit ${run.status})`);
        }
    } else {
        console.warn(`npm test: ${missing.map(tool => tool.name).join(' and ')} not found; install with: sudo apt-get install ${packages.join(' ')}`);
    }
}
