/**
 * File-system side of the architecture tests (plain CommonJS: the package's lint forbids Node's
 * modules in TypeScript files): the package's TypeScript sources and how an import resolves.
 */
const { readdirSync, readFileSync } = require('fs');
const { builtinModules } = require('module');
const { dirname, join, relative, resolve, sep } = require('path');

const ROOT = join(__dirname, '..', '..', '..');

function listTypeScript(dir) {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = join(dir, entry.name);
		if (entry.isDirectory()) return listTypeScript(full);
		return entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')
			? [full]
			: [];
	});
}

/** A path from the repository root, with forward slashes. */
function repoPath(absolute) {
	return relative(ROOT, absolute).split(sep).join('/');
}

/** The TypeScript files of nodes/ and credentials/: [{ path, text }], sorted by path. */
function packageFiles() {
	return ['nodes', 'credentials']
		.flatMap((dir) => listTypeScript(join(ROOT, dir)))
		.sort()
		.map((absolute) => ({ path: repoPath(absolute), text: readFileSync(absolute, 'utf8') }));
}

/** Where a relative import of the file at `fromPath` (repository path) points, as a repository path. */
function resolveImport(fromPath, specifier) {
	return repoPath(resolve(dirname(join(ROOT, fromPath)), specifier));
}

/** Whether a module name is one of Node's own ("crypto", "node:stream", "fs/promises"). */
function isNodeBuiltin(specifier) {
	return builtinModules.includes(specifier.replace(/^node:/, '').split('/')[0]);
}

module.exports = { packageFiles, resolveImport, isNodeBuiltin };
