// Runs locally the ESLint rule sets that n8n's package scanner (@n8n/scan-community-package,
// scanner/scanner.mjs buildScanConfig) applies before a community package can be verified:
//   1. the source leg: package.json + {nodes,credentials}/**/*.{js,ts,json}
//   2. the tarball leg: what `npm pack` ships (dist/**/*.js + package.json)
// with allowInlineConfig: false (eslint-disable comments are ignored, as by the scanner).
// The scanner itself downloads the published tarball and its provenance; this script checks the
// same rules on the working tree and on `dist/` before publishing. Run `npm run build` first.
import { createRequire } from 'node:module';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// the plugins are dependencies of @n8n/node-cli (a devDependency); resolve them from there
const cliRequire = createRequire(path.join(root, 'node_modules', '@n8n', 'node-cli', 'package.json'));
const load = async (name) => import(pathToFileURL(cliRequire.resolve(name)).href);

const { ESLint } = await load('eslint');
const { defineConfig } = await load('eslint/config');
const { n8nCommunityNodesPlugin } = await load('@n8n/eslint-plugin-community-nodes');
const tsEslint = (await load('typescript-eslint')).default;
const n8nNodesPlugin = (await load('eslint-plugin-n8n-nodes-base')).default;
const parser = tsEslint.parser;

const config = defineConfig(
	n8nCommunityNodesPlugin.configs.recommended,
	{ rules: { 'no-console': 'error' } },
	{ plugins: { 'n8n-nodes-base': n8nNodesPlugin } },
	{ files: ['package.json'], rules: { ...n8nNodesPlugin.configs.community.rules } },
	{
		files: ['**/credentials/**/*.ts'],
		rules: {
			...n8nNodesPlugin.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['**/nodes/**/*.ts'],
		rules: {
			...n8nNodesPlugin.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{ files: ['**/*.json'], languageOptions: { parser } },
	{ files: ['**/*.ts'], languageOptions: { parser } },
);

function walk(dir, test, out = []) {
	if (!fs.existsSync(dir)) return out;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) walk(full, test, out);
		else if (test(full)) out.push(full);
	}
	return out;
}

async function lint(label, files) {
	const eslint = new ESLint({ cwd: root, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: config });
	const results = await eslint.lintFiles(files);
	const errors = results.reduce((n, r) => n + r.errorCount, 0);
	const formatter = await eslint.loadFormatter('stylish');
	const text = await formatter.format(results.filter((r) => r.errorCount > 0));
	process.stdout.write(`${label}: ${files.length} files, ${errors} error(s)\n${text}`);
	return errors;
}

const sourceFiles = [
	path.join(root, 'package.json'),
	...walk(path.join(root, 'nodes'), (f) => /\.(js|ts|json)$/.test(f)),
	...walk(path.join(root, 'credentials'), (f) => /\.(js|ts|json)$/.test(f)),
];
const distFiles = walk(path.join(root, 'dist'), (f) => f.endsWith('.js'));
if (!distFiles.length) {
	process.stderr.write('dist/ is empty: run `npm run build` first\n');
	process.exit(1);
}
let errors = await lint('scanner rules, source leg', sourceFiles);
errors += await lint('scanner rules, tarball leg', [path.join(root, 'package.json'), ...distFiles]);
process.exit(errors ? 1 : 0);
