#!/usr/bin/env node
// Checks what the package would ship: `npm pack --dry-run --json` (scripts ignored) must list only
// dist/, README.md, LICENSE.md, CHANGELOG.md and package.json, every dist/ file that package.json's
// "n8n" section names (and each node's codex file next to it), and the package must declare no
// runtime dependencies.
// Run after `npm run build` (npm run test:pack; part of npm run test:all).
'use strict';

const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const TOP_LEVEL_FILES = ['README.md', 'LICENSE.md', 'CHANGELOG.md', 'package.json'];

/**
 * @param {string[]} shipped paths in the tarball, relative to the package root
 * @param {Record<string, any>} pkg package.json
 * @returns {string[]} one sentence per problem
 */
function findPackProblems(shipped, pkg) {
	const problems = [];
	const files = new Set(shipped);
	for (const file of shipped) {
		if (!file.startsWith('dist/') && !TOP_LEVEL_FILES.includes(file)) {
			problems.push(`${file} would ship: only dist/, ${TOP_LEVEL_FILES.join(', ')} may`);
		}
	}
	for (const file of TOP_LEVEL_FILES) {
		if (!files.has(file)) problems.push(`${file} is missing from the package`);
	}
	const n8n = pkg.n8n ?? {};
	const named = [...(n8n.nodes ?? []), ...(n8n.credentials ?? [])];
	if (named.length === 0) problems.push('package.json names no node in its "n8n" section');
	for (const file of named) {
		if (!files.has(file))
			problems.push(`${file} (named in package.json "n8n") is missing: run npm run build`);
	}
	for (const node of n8n.nodes ?? []) {
		const codex = node.replace(/\.js$/, '.json');
		if (!files.has(codex))
			problems.push(`${codex} (the node's codex: categories, search terms) is missing`);
	}
	for (const field of [
		'dependencies',
		'optionalDependencies',
		'bundleDependencies',
		'bundledDependencies',
	]) {
		const value = pkg[field];
		if (value && Object.keys(value).length > 0) {
			problems.push(`package.json has ${field}: the package must have no runtime dependencies`);
		}
	}
	return problems;
}

function packedFiles() {
	const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: root,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const [result] = JSON.parse(output);
	return result.files.map((file) => file.path);
}

function main() {
	const pkg = require(path.join(root, 'package.json'));
	const shipped = packedFiles();
	const problems = findPackProblems(shipped, pkg);
	if (problems.length > 0) {
		for (const problem of problems) console.error(`✗ ${problem}`);
		process.exitCode = 1;
		return;
	}
	const distFiles = shipped.filter((file) => file.startsWith('dist/')).length;
	console.log(
		`pack: ${shipped.length} files (${distFiles} in dist/), all allowed; the n8n section's files are there`,
	);
}

module.exports = { findPackProblems };

if (require.main === module) main();
