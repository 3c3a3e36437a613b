#!/usr/bin/env node
// Validates the GitHub Actions workflow files (.github/workflows/*.yml) with action-validator
// (@action-validator/core: GitHub's workflow schema from SchemaStore, plus glob checks), then the
// few rules this project adds: CI runs the checks on pull requests and pushes, and publishing
// happens only from a version tag, with provenance, through `npm run release`.
// Usage: npm run lint:workflows. Exit code 1 and one line per problem when something is wrong.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { validateWorkflow } = require('@action-validator/core');
const YAML = require('yaml');

const root = path.resolve(__dirname, '..');
const workflowDir = path.join(root, '.github', 'workflows');

/** Problems the validator finds in one workflow file's text. */
function schemaProblems(text) {
	const { errors } = validateWorkflow(text);
	return errors.map((error) => {
		const where = error.path ?? (error.location ? `line ${error.location.line}` : '');
		return [where, error.title, error.detail].filter(Boolean).join(': ');
	});
}

function stepsOf(workflow) {
	return Object.values(workflow.jobs ?? {}).flatMap((job) => job.steps ?? []);
}

function runs(workflow) {
	return stepsOf(workflow)
		.map((step) => step.run ?? '')
		.join('\n');
}

/** This project's rules for ci.yml and publish.yml. */
function policyProblems(name, workflow) {
	const problems = [];
	const on = workflow.on ?? {};
	if (name === 'ci.yml') {
		if (!('pull_request' in on) || !('push' in on)) {
			problems.push('CI must run on pull requests and pushes');
		}
		for (const script of [
			'lint',
			'lint:duplicates',
			'lint:workflows',
			'lint:docs',
			'typecheck',
			'build',
			'test:pack',
			'lint:scanner',
		]) {
			if (!runs(workflow).includes(`npm run ${script}`))
				problems.push(`CI must run "npm run ${script}"`);
		}
		if (!/(^|\n)\s*npm test\b/.test(runs(workflow))) problems.push('CI must run "npm test"');
	}
	if (name === 'publish.yml') {
		const tags = on.push?.tags ?? [];
		if (Object.keys(on).join() !== 'push' || on.push.branches || tags.length === 0) {
			problems.push('Publishing must start only from a pushed version tag');
		}
		for (const [jobName, job] of Object.entries(workflow.jobs ?? {})) {
			if (job.permissions?.['id-token'] !== 'write') {
				problems.push(
					`Job "${jobName}" needs "permissions: id-token: write" for the provenance statement`,
				);
			}
		}
		if (!/npm run release\b/.test(runs(workflow))) {
			problems.push(
				'Publishing must go through "npm run release" (n8n-node release, with provenance)',
			);
		}
		if (/npm publish\b/.test(runs(workflow))) {
			problems.push(
				'Do not call "npm publish" directly: "npm run release" publishes with provenance',
			);
		}
	}
	return problems;
}

/** Every problem of one workflow file, each as "<file>: <problem>". */
function findWorkflowProblems(name, text) {
	const found = schemaProblems(text);
	if (found.length === 0) {
		found.push(...policyProblems(name, YAML.parse(text)));
	}
	return found.map((problem) => `${name}: ${problem}`);
}

function main() {
	const names = fs.existsSync(workflowDir)
		? fs.readdirSync(workflowDir).filter((name) => /\.ya?ml$/.test(name))
		: [];
	const problems = [];
	for (const required of ['ci.yml', 'publish.yml']) {
		if (!names.includes(required)) problems.push(`.github/workflows/${required} is missing`);
	}
	for (const name of names) {
		problems.push(
			...findWorkflowProblems(name, fs.readFileSync(path.join(workflowDir, name), 'utf8')),
		);
	}
	if (problems.length > 0) {
		for (const problem of problems) console.error(`✗ ${problem}`);
		process.exitCode = 1;
		return;
	}
	console.log(`workflows: ${names.length} valid (${names.join(', ')})`);
}

module.exports = { findWorkflowProblems };

if (require.main === module) main();
