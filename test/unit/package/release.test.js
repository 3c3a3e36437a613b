/**
 * Release tooling: what the package ships (scripts/check-pack.js), the GitHub workflow rules
 * (scripts/lint-workflows.js, on top of action-validator) and the changelog step of
 * `npm run release` (scripts/release-changelog.js). The real `npm pack` runs in `npm run test:pack`
 * after the build; here each check is shown to catch what it exists for.
 */
const fs = require('node:fs');
const path = require('node:path');
const { findPackProblems } = require('../../../scripts/check-pack');
const { findWorkflowProblems } = require('../../../scripts/lint-workflows');
const { releaseChangelog } = require('../../../scripts/release-changelog');

const root = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const read = (file) => fs.readFileSync(path.join(root, file), 'utf8');

describe('what the package ships', () => {
	const named = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
	const codex = pkg.n8n.nodes.map((file) => file.replace(/\.js$/, '.json'));
	const good = [
		'README.md',
		'LICENSE.md',
		'CHANGELOG.md',
		'package.json',
		...named,
		...codex,
		'dist/icons/x.svg',
	];

	it('accepts dist/ and the four top-level files', () => {
		expect(findPackProblems(good, pkg)).toEqual([]);
	});

	it('refuses sources, tests and anything else outside dist/', () => {
		const problems = findPackProblems(
			[...good, 'nodes/X/X.node.ts', 'test/simulator/index.js', '.ci/run'],
			pkg,
		);
		expect(problems).toHaveLength(3);
		expect(problems[0]).toMatch(/^nodes\/X\/X\.node\.ts would ship/);
	});

	it('says which file of the n8n section is missing', () => {
		const problems = findPackProblems(
			good.filter((file) => file !== pkg.n8n.nodes[1]),
			pkg,
		);
		expect(problems).toEqual([
			`${pkg.n8n.nodes[1]} (named in package.json "n8n") is missing: run npm run build`,
		]);
	});

	it("says when a node's codex file is missing", () => {
		expect(
			findPackProblems(
				good.filter((file) => file !== codex[0]),
				pkg,
			),
		).toEqual([`${codex[0]} (the node's codex: categories, search terms) is missing`]);
	});

	it('wants the changelog in the package and no runtime dependency', () => {
		const problems = findPackProblems(
			good.filter((file) => file !== 'CHANGELOG.md'),
			{ ...pkg, dependencies: { axios: '1.0.0' } },
		);
		expect(problems).toEqual([
			'CHANGELOG.md is missing from the package',
			'package.json has dependencies: the package must have no runtime dependencies',
		]);
		expect(pkg.files).toContain('CHANGELOG.md');
	});
});

describe('GitHub workflow files', () => {
	it.each(['ci.yml', 'publish.yml'])('%s is valid and follows the project rules', (name) => {
		expect(findWorkflowProblems(name, read(`.github/workflows/${name}`))).toEqual([]);
	});

	it('reports what the schema validator finds (a job without runs-on)', () => {
		const broken = 'name: X\non: push\njobs:\n  a:\n    steps:\n      - run: echo\n';
		const problems = findWorkflowProblems('x.yml', broken);
		expect(problems.length).toBeGreaterThan(0);
		expect(problems[0]).toMatch(/^x\.yml: /);
	});

	it('refuses publishing without provenance, from a branch, or by npm publish', () => {
		const publish = read('.github/workflows/publish.yml');
		expect(
			findWorkflowProblems('publish.yml', publish.replace('id-token: write', 'id-token: read')),
		).toEqual([
			'publish.yml: Job "publish" needs "permissions: id-token: write" for the provenance statement',
		]);
		expect(
			findWorkflowProblems(
				'publish.yml',
				publish.replace('  push:\n    tags:', '  push:\n    branches: [main]\n    tags:'),
			),
		).toEqual(['publish.yml: Publishing must start only from a pushed version tag']);
		expect(
			findWorkflowProblems('publish.yml', publish.replace(/npm run release/g, 'npm publish')),
		).toEqual([
			'publish.yml: Publishing must go through "npm run release" (n8n-node release, with provenance)',
			'publish.yml: Do not call "npm publish" directly: "npm run release" publishes with provenance',
		]);
	});

	it('refuses a CI that skips the tests or does not run on pull requests', () => {
		const ci = read('.github/workflows/ci.yml');
		expect(
			findWorkflowProblems('ci.yml', ci.replace('run: npm test', 'run: echo skipped')),
		).toEqual(['ci.yml: CI must run "npm test"']);
		expect(findWorkflowProblems('ci.yml', ci.replace('  pull_request:\n', ''))).toEqual([
			'ci.yml: CI must run on pull requests and pushes',
		]);
	});
});

describe('changelog step of npm run release', () => {
	const changelog = read('CHANGELOG.md');

	it('has an Unreleased section and a section for the version in package.json', () => {
		expect(changelog).toContain('## [Unreleased]');
		expect(changelog).toMatch(
			new RegExp(`^## \\[${pkg.version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'),
		);
	});

	it('moves the Unreleased lines under the new version and updates the links', () => {
		const released = releaseChangelog(changelog, '9.9.9', '2030-01-02');
		const unreleasedAt = released.indexOf('## [Unreleased]');
		const versionAt = released.indexOf('## [9.9.9] - 2030-01-02');
		expect(unreleasedAt).toBeGreaterThan(0);
		expect(versionAt).toBeGreaterThan(unreleasedAt);
		expect(released.slice(unreleasedAt, versionAt).trim()).toBe('## [Unreleased]');
		expect(released).toMatch(/^\[Unreleased\]: \S+\/compare\/9\.9\.9\.\.\.HEAD$/m);
		expect(released).toMatch(
			new RegExp(`^\\[9\\.9\\.9\\]: \\S+/compare/\\S+\\.\\.\\.9\\.9\\.9$`, 'm'),
		);
		expect(() => releaseChangelog(released, '9.9.10', '2030-01-03')).toThrow(
			/Nothing is listed under "Unreleased"/,
		);
	});

	it('refuses a version that is not semantic or already there', () => {
		expect(() => releaseChangelog(changelog, 'v1', '2030-01-02')).toThrow(/not a version/);
		expect(() => releaseChangelog(changelog, pkg.version, '2030-01-02')).toThrow(
			/already has a section/,
		);
	});
});
