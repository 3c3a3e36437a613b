/**
 * The package's layout rules (issue 11): each node folder imports only itself and the shared
 * layer, the shared layer imports no node folder, credentials import no node folder; no source
 * file over 350 lines and no function over 80.
 */
import * as ts from 'typescript';

import type { Source } from './sources';
import { files, lineOf, packageSources, walk } from './sources';

const MAX_FILE_LINES = 350;
const MAX_FUNCTION_LINES = 80;

/** The only package a published node may use at run time (besides Node's own modules). */
const RUNTIME_PACKAGES = new Set(['n8n-workflow']);

const NODE_FOLDERS = ['nodes/UanatacaOneShot', 'nodes/UanatacaOneShotTrigger'];
const SHARED = 'nodes/shared';

/** The area a repository path belongs to: a node folder, the shared layer, credentials or other. */
export function areaOf(path: string): string {
	for (const area of [...NODE_FOLDERS, SHARED, 'credentials']) {
		if (path === area || path.startsWith(`${area}/`)) return area;
	}
	return 'outside the package sources';
}

/** Areas each area may import from. */
const ALLOWED: Record<string, string[]> = {
	'nodes/UanatacaOneShot': ['nodes/UanatacaOneShot', SHARED],
	'nodes/UanatacaOneShotTrigger': ['nodes/UanatacaOneShotTrigger', SHARED],
	[SHARED]: [SHARED],
	credentials: ['credentials', SHARED],
};

interface ImportUse {
	specifier: string;
	line: number;
}

function importsOf(source: Source): ImportUse[] {
	const found: ImportUse[] = [];
	walk(source.file, (node) => {
		let specifier: ts.Expression | undefined;
		if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
			specifier = node.moduleSpecifier;
		} else if (
			ts.isCallExpression(node) &&
			(node.expression.kind === ts.SyntaxKind.ImportKeyword ||
				(ts.isIdentifier(node.expression) && node.expression.text === 'require'))
		) {
			specifier = node.arguments[0];
		}
		if (specifier && ts.isStringLiteralLike(specifier)) {
			found.push({ specifier: specifier.text, line: lineOf(source.file, node.getStart()) });
		}
	});
	return found;
}

/** One text per import that breaks the rules, e.g. "nodes/shared/x.ts:3 imports ../../UanatacaOneShot/y". */
export function layoutViolations(sources: Source[]): string[] {
	const problems: string[] = [];
	for (const source of sources) {
		const from = areaOf(source.path);
		for (const { specifier, line } of importsOf(source)) {
			const where = `${source.path}:${line} imports "${specifier}"`;
			if (!specifier.startsWith('.')) {
				if (!RUNTIME_PACKAGES.has(specifier) && !files.isNodeBuiltin(specifier)) {
					problems.push(`${where}: only n8n-workflow and Node's own modules exist at run time`);
				}
				continue;
			}
			const target = files.resolveImport(source.path, specifier);
			const to = areaOf(target);
			if (!(ALLOWED[from] ?? []).includes(to)) {
				problems.push(`${where}: ${from} may not import from ${to}`);
			}
		}
	}
	return problems;
}

function functionName(node: ts.Node): string | undefined {
	if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) {
		return node.name?.getText() ?? 'default function';
	}
	if (ts.isConstructorDeclaration(node)) return 'constructor';
	if (ts.isGetAccessor(node) || ts.isSetAccessor(node)) return node.name.getText();
	if (
		(ts.isArrowFunction(node) || ts.isFunctionExpression(node)) &&
		(ts.isVariableDeclaration(node.parent) || ts.isPropertyAssignment(node.parent))
	) {
		return node.parent.name.getText();
	}
	return undefined;
}

/** Functions (declarations, methods, functions assigned to a name) longer than the limit. */
export function longFunctions(sources: Source[], limit = MAX_FUNCTION_LINES): string[] {
	const found: string[] = [];
	for (const source of sources) {
		walk(source.file, (node) => {
			const name = functionName(node);
			if (name === undefined) return;
			const start = lineOf(source.file, node.getStart());
			const lines = lineOf(source.file, node.getEnd()) - start + 1;
			if (lines > limit) found.push(`${source.path}:${start} ${name} has ${lines} lines`);
		});
	}
	return found;
}

/** Lines as an editor (or wc -l) counts them: a final newline ends the last line. */
function lineCount(text: string): number {
	return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

export function longFiles(sources: Source[], limit = MAX_FILE_LINES): string[] {
	return sources
		.map((source) => ({ path: source.path, lines: lineCount(source.text) }))
		.filter(({ lines }) => lines > limit)
		.map(({ path, lines }) => `${path} has ${lines} lines`);
}

function parsed(path: string, text: string): Source {
	return {
		path,
		text,
		file: ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true),
	};
}

describe('package layout', () => {
	const sources = packageSources();

	it('finds the sources of both nodes, the shared layer and the credentials', () => {
		const areas = new Set(sources.map((source) => areaOf(source.path)));
		expect([...areas].sort()).toEqual([...NODE_FOLDERS, SHARED, 'credentials'].sort());
	});

	it('each node folder imports only itself and nodes/shared; nodes/shared and credentials import no node folder', () => {
		expect(layoutViolations(sources)).toEqual([]);
	});

	it(`no source file has more than ${MAX_FILE_LINES} lines`, () => {
		expect(longFiles(sources)).toEqual([]);
	});

	it(`no function has more than ${MAX_FUNCTION_LINES} lines`, () => {
		expect(longFunctions(sources)).toEqual([]);
	});
});

describe('the layout checks catch what they are meant to', () => {
	it('reports a shared file importing a node folder, and one node importing the other', () => {
		const problems = layoutViolations([
			parsed('nodes/shared/x.ts', "import { a } from '../UanatacaOneShot/helpers/a';"),
			parsed(
				'nodes/UanatacaOneShotTrigger/y.ts',
				"export { b } from '../UanatacaOneShot/b';\nimport { c } from '../shared/c';",
			),
			parsed('credentials/z.ts', "const d = require('../nodes/UanatacaOneShotTrigger/d');"),
		]);
		expect(problems).toEqual([
			'nodes/shared/x.ts:1 imports "../UanatacaOneShot/helpers/a": nodes/shared may not import from nodes/UanatacaOneShot',
			'nodes/UanatacaOneShotTrigger/y.ts:1 imports "../UanatacaOneShot/b": nodes/UanatacaOneShotTrigger may not import from nodes/UanatacaOneShot',
			'credentials/z.ts:1 imports "../nodes/UanatacaOneShotTrigger/d": credentials may not import from nodes/UanatacaOneShotTrigger',
		]);
	});

	it('reports a run-time package other than n8n-workflow, and accepts Node modules', () => {
		const problems = layoutViolations([
			parsed(
				'nodes/shared/x.ts',
				"import axios from 'axios';\nimport { createHash } from 'crypto';\nimport { Readable } from 'node:stream';",
			),
		]);
		expect(problems).toEqual([
			'nodes/shared/x.ts:1 imports "axios": only n8n-workflow and Node\'s own modules exist at run time',
		]);
	});

	it('measures functions of every kind, and files', () => {
		const body = Array.from({ length: 80 }, (_, i) => `\tconst v${i} = ${i};`).join('\n');
		const text = [
			`function declared() {\n${body}\n}`,
			`const arrow = () => {\n${body}\n};`,
			`class K {\n\tmethod() {\n${body}\n\t}\n}`,
			`function short() {\n${body.split('\n').slice(2).join('\n')}\n}`,
		].join('\n');
		expect(longFunctions([parsed('nodes/shared/x.ts', text)])).toEqual([
			'nodes/shared/x.ts:1 declared has 82 lines',
			'nodes/shared/x.ts:83 arrow has 82 lines',
			'nodes/shared/x.ts:166 method has 82 lines',
		]);
		expect(longFiles([parsed('nodes/shared/x.ts', text)], 327)).toEqual([
			'nodes/shared/x.ts has 328 lines',
		]);
		expect(longFiles([parsed('nodes/shared/x.ts', `${text}\n`)], 328)).toEqual([]);
	});
});
