// The Action's `comment: true`: one comment per pull request holding `journey diff`'s
// Markdown, found again on the next push by a hidden marker and edited in place.
// GitHub REST API with the workflow's token (needs `pull-requests: write`); plain Node 20,
// no dependency. Usage: node pr-comment.mjs REPORT.md
// Env: GITHUB_TOKEN, GITHUB_API_URL, GITHUB_REPOSITORY (owner/name), PR_NUMBER.
// Never fails the job over the comment: problems are printed as ::warning:: and exit 0.
import { readFileSync } from 'node:fs';

const MARKER = '<!-- journey-maps:diff -->';
/** GitHub refuses comment bodies over 65 536 characters. */
const MAX_BODY = 65_000;

async function main() {
    const report = readFileSync(process.argv[2], 'utf8');
    const { GITHUB_TOKEN: token, GITHUB_REPOSITORY: repository, PR_NUMBER: number } = process.env;
    const api = (process.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/$/, '');
    if (!token || !repository || !number) throw new Error('needs GITHUB_TOKEN, GITHUB_REPOSITORY and PR_NUMBER');
    const request = async (method, path, body) => {
        const response = await fetch(`${api}${path}`, {
            method,
            headers: {
                authorization: `Bearer ${token}`, accept: 'application/vnd.github+json',
                'x-github-api-version': '2022-11-28', 'content-type': 'application/json', 'user-agent': 'journey-maps-action'
            },
            ...(body && { body: JSON.stringify(body) })
        });
        if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
        return response.json();
    };
    const existing = await findComment(request, repository, number);
    const unchanged = /^# Journey maps: no change/.test(report);
    if (unchanged && !existing) {
        console.log('No journey map changed: no comment posted.');
        return;
    }
    const body = `${MARKER}\n${truncate(report)}`;
    if (existing) {
        const updated = await request('PATCH', `/repos/${repository}/issues/comments/${existing.id}`, { body });
        console.log(`Updated the journey diff comment: ${updated.html_url ?? existing.id}`);
    } else {
        const created = await request('POST', `/repos/${repository}/issues/${number}/comments`, { body });
        console.log(`Posted the journey diff comment: ${created.html_url ?? created.id}`);
    }
}

/** The pull request's comment holding the marker, over every page of comments. */
async function findComment(request, repository, number) {
    for (let page = 1; ; page++) {
        const comments = await request('GET', `/repos/${repository}/issues/${number}/comments?per_page=100&page=${page}`);
        const found = comments.find(c => typeof c.body === 'string' && c.body.startsWith(MARKER));
        if (found) return found;
        if (comments.length < 100) return undefined;
    }
}

function truncate(report) {
    if (report.length <= MAX_BODY) return report;
    const cut = report.lastIndexOf('\n', MAX_BODY);
    return `${report.slice(0, cut)}\n\n… (cut: the full report is in the job log; run \`journey diff\` locally)\n`;
}

main().catch(error => {
    console.log(`::warning title=journey diff comment not posted::${String(error.message ?? error).replace(/\r?\n/g, ' ')}`);
});
