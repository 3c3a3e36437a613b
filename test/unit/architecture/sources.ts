/**
 * The package's TypeScript sources (nodes/ and credentials/), parsed with the TypeScript compiler,
 * for the architecture tests.
 */
import { readdirSync, readFileSync } from 'fs';
import { join, relative, sep } from 'path';
import * as ts from 'typescript';

export const ROOT = join(__dirname, '..', '..', '..');

export interface Source {
	/** path from the repository root, with forward slashes */
	path: string;
	text: string;
	file: ts.SourceFile;
}

function listTypeScript(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = join(dir, entry.name);
		if (entry.isDirectory()) return listTypeScript(full);
		return entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')
			? [full]
			: [];
	});
}

export function repoPath(absolute: string): string {
	return relative(ROOT, absolute).split(sep).join('/');
}

let cache: Source[] | undefined;

export function packageSources(): Source[] {
	cache ??= ['nodes', 'credentials']
		.flatMap((dir) => listTypeScript(join(ROOT, dir)))
		.sort()
		.map((absolute) => {
			const text = readFileSync(absolute, 'utf8');
			return {
				path: repoPath(absolute),
				text,
				file: ts.createSourceFile(absolute, text, ts.ScriptTarget.ES2022, true),
			};
		});
	return cache;
}

/** Every node of a file, depth first. */
export function walk(node: ts.Node, visit: (node: ts.Node) => void) {
	visit(node);
	node.forEachChild((child) => walk(child, visit));
}

export function lineOf(file: ts.SourceFile, position: number): number {
	return file.getLineAndCharacterOfPosition(position).line + 1;
}
