#!/usr/bin/env node
// Run by `npm run release` (release-it hook "before:beforeRelease", see .release-it.json) once the
// new version is chosen: moves what CHANGELOG.md lists under "Unreleased" to a heading for that
// version with today's date, leaves an empty "Unreleased" above it and updates the compare links,
// so the release commit and its tag carry the changelog of the release.
// Usage: node scripts/release-changelog.js <version> [YYYY-MM-DD]
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const UNRELEASED = '## [Unreleased]';

/**
 * @param {string} text CHANGELOG.md
 * @param {string} version e.g. 0.2.0
 * @param {string} date YYYY-MM-DD
 * @returns {string} the new CHANGELOG.md
 */
function releaseChangelog(text, version, date) {
	if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
		throw new Error(`"${version}" is not a version like 1.2.3 or 1.2.3-rc.1`);
	}
	const start = text.indexOf(UNRELEASED);
	if (start < 0) throw new Error(`CHANGELOG.md has no "${UNRELEASED}" heading`);
	if (text.includes(`## [${version}]`))
		throw new Error(`CHANGELOG.md already has a section for ${version}`);
	const bodyStart = start + UNRELEASED.length;
	const next = text.indexOf('\n## [', bodyStart);
	const linksAt = text.search(/\n\[Unreleased\]:/);
	const bodyEnd = next >= 0 ? next : linksAt >= 0 ? linksAt : text.length;
	const body = text.slice(bodyStart, bodyEnd).trim();
	if (!/^- /m.test(body)) {
		throw new Error(
			'Nothing is listed under "Unreleased" in CHANGELOG.md: write what this release changes first',
		);
	}
	let result = `${text.slice(0, bodyStart)}\n\n## [${version}] - ${date}\n\n${body}\n${text.slice(bodyEnd)}`;
	const link = result.match(/^\[Unreleased\]: (\S+)\/compare\/(\S+)\.\.\.HEAD$/m);
	if (link) {
		const [line, base, previous] = link;
		result = result.replace(
			line,
			`[Unreleased]: ${base}/compare/${version}...HEAD\n[${version}]: ${base}/compare/${previous}...${version}`,
		);
	}
	return result;
}

function main() {
	const [version, date = new Date().toISOString().slice(0, 10)] = process.argv.slice(2);
	const file = path.resolve(__dirname, '..', 'CHANGELOG.md');
	try {
		fs.writeFileSync(file, releaseChangelog(fs.readFileSync(file, 'utf8'), version ?? '', date));
		console.log(`CHANGELOG.md: "Unreleased" is now ${version} (${date})`);
	} catch (error) {
		console.error(`✗ ${error.message}`);
		process.exitCode = 1;
	}
}

module.exports = { releaseChangelog };

if (require.main === module) main();
