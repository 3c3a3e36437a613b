/**
 * The package's TypeScript sources (nodes/ and credentials/), parsed with the TypeScript compiler,
 * for the architecture tests.
 */
import * as ts from 'typescript';

interface Files {
	packageFiles(): Array<{ path: string; text: string }>;
	resolveImport(fromPath: string, specifier: string): string;
	isNodeBuiltin(specifier: string): boolean;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const files = require('./files') as Files;

export interface Source {
	/** path from the repository root, with forward slashes */
	path: string;
	text: string;
	file: ts.SourceFile;
}

let cache: Source[] | undefined;

export function packageSources(): Source[] {
	cache ??= files.packageFiles().map(({ path, text }) => ({
		path,
		text,
		file: ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true),
	}));
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
