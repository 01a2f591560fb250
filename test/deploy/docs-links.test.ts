import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../src/infra/paths';

/**
 * The documentation is a set of pages that link to each other and into the code. A link that
 * leads nowhere (a moved file, a renamed heading) is a broken promise to the reader, so every
 * relative link and every `#anchor` must resolve, the way GitHub renders them.
 */
const DOCS_DIR = path.join(REPO_ROOT, 'docs');
const DOCUMENTS = [
  'README.md',
  'BENCHMARKS.md',
  ...fs.readdirSync(DOCS_DIR).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
];

interface Link {
  line: number;
  target: string;
}

/** Lines outside fenced code blocks, with their 1-based numbers. */
function proseLines(markdown: string): { line: number; text: string }[] {
  const lines: { line: number; text: string }[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, i) => {
    const opening = /^\s*(```|~~~)/.exec(text)?.[1];
    if (fence) {
      if (opening === fence) fence = undefined;
    } else if (opening) {
      fence = opening;
    } else {
      lines.push({ line: i + 1, text });
    }
  });
  return lines;
}

const withoutCodeSpans = (text: string) => text.replace(/(`+)[^`]*?\1/g, '');

function links(markdown: string): Link[] {
  return proseLines(markdown).flatMap(({ line, text }) =>
    [...withoutCodeSpans(text).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => ({
      line,
      target: m[1]!,
    })),
  );
}

/** GitHub's heading ids: lower case, punctuation and symbols dropped, spaces to hyphens. */
function githubSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
}

/** Every id a page's headings get; a repeated heading gets `-1`, `-2`, … as on GitHub. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const ids = new Set<string>();
  for (const { text } of proseLines(markdown)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(text)?.[1];
    if (heading === undefined) continue;
    const slug = githubSlug(heading);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    ids.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return ids;
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');

/** Why a link from `file` does not resolve, or undefined when it does. */
function brokenBecause(file: string, target: string): string | undefined {
  const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined];
  const resolved = pathPart ? path.resolve(path.dirname(path.join(REPO_ROOT, file)), decodeURI(pathPart)) : path.join(REPO_ROOT, file);
  if (!resolved.startsWith(REPO_ROOT)) return 'points outside the repository';
  if (!fs.existsSync(resolved)) return 'no such file';
  if (anchor === undefined) return undefined;
  if (!resolved.endsWith('.md')) return 'an anchor into a file that is not markdown';
  return anchors(fs.readFileSync(resolved, 'utf8')).has(anchor) ? undefined : `no heading #${anchor}`;
}

describe('the documentation', () => {
  describe('GitHub heading ids', () => {
    it('drop punctuation and code marks, keep letters and hyphens', () => {
      assert.equal(githubSlug('Customer profiles: the identity rules'), 'customer-profiles-the-identity-rules');
      assert.equal(githubSlug('The API (`/v1`)'), 'the-api-v1');
      assert.equal(githubSlug('Slices: concurrency that fills the budget'), 'slices-concurrency-that-fills-the-budget');
      assert.equal(githubSlug('The first sync: StripeSyncWorkflow'), 'the-first-sync-stripesyncworkflow');
      assert.equal(githubSlug('Rate budget and retries, in one place'), 'rate-budget-and-retries-in-one-place');
      assert.equal(githubSlug('Settings → Integrations'), 'settings--integrations');
    });

    it('number a repeated heading', () => {
      assert.deepEqual([...anchors('# Tests\n\n## Tests\n\n```\n# Tests\n```\n')], ['tests', 'tests-1']);
    });
  });

  for (const file of DOCUMENTS) {
    it(`${file}: every relative link and anchor resolves`, () => {
      const broken = links(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'))
        .filter(({ target }) => !isExternal(target))
        .flatMap(({ line, target }) => {
          const reason = brokenBecause(file, target);
          return reason ? [`${file}:${line} → ${target}: ${reason}`] : [];
        });
      assert.deepEqual(broken, []);
    });
  }

  it('the index lists every page, and the README leads to the index', () => {
    const listed = new Set(links(fs.readFileSync(path.join(DOCS_DIR, 'README.md'), 'utf8')).map((l) => l.target.split('#')[0]));
    const unlisted = DOCUMENTS.filter((f) => f.startsWith('docs/') && f !== 'docs/README.md' && !listed.has(path.basename(f)));
    assert.deepEqual(unlisted, []);
    const fromReadme = links(fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8')).map((l) => l.target);
    assert.ok(fromReadme.includes('docs/README.md'), 'README.md does not link to docs/README.md');
  });
});
