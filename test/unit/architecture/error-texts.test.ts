/**
 * Every error a user can see says what happened in the user's words: no function, variable or
 * internal field name. This walks each error built in nodes/ and credentials/ (`new
 * ValidationError(...)`, `new NodeOperationError(...)`, `new NodeApiError(...)`, plain `new
 * Error(...)` that the router shows as is, the package's own error classes, and the texts given to
 * unexpectedAnswer) and checks the text literals of its message and description.
 *
 * A code identifier is: a word with an inner capital after a lower-case letter (buildMultipart,
 * requestPk), a snake_case word (registration_authority, async_mode), or a call such as answer().
 * n8n expressions ({{ $json.requestPk }}) and $-variables are what users type, so they are not
 * read. The allowlist below names the few words of that shape that users do see, with the reason.
 */
import * as ts from 'typescript';

import type { Source } from './sources';
import { lineOf, packageSources, walk } from './sources';

/** Words shaped like identifiers that a user legitimately reads, with why. */
const ALLOWED_WORDS: Record<string, string> = {
	eIDAS: 'the EU regulation, as it is written',
	WhatsApp: 'a product name',
	requestPk:
		'an output field of Create: users read it in the output and map it ({{ $json.requestPk }})',
	imageUid: 'an output field of Image → Upload that users map into Sign',
	documentUid: 'an output field of Document → Upload',
	tokenUid: 'an output field of Token → Create',
	videoIdPk: 'an output field of Video ID → Create',
	videoIdLink: 'an output field of Video ID → Create',
	passwordStored: 'an output field of Token → Get',
	pinStored: 'an output field of Token → Get',
	// the values of "Signature Position", which an expression must give as they are
	bottomLeft: 'a value of "Signature Position" (for expressions)',
	bottomCenter: 'a value of "Signature Position" (for expressions)',
	bottomRight: 'a value of "Signature Position" (for expressions)',
	topLeft: 'a value of "Signature Position" (for expressions)',
	topCenter: 'a value of "Signature Position" (for expressions)',
	topRight: 'a value of "Signature Position" (for expressions)',
	videoid_data:
		'the top key of the Video ID evidence, which users write themselves in "Extra Evidence (JSON)"',
	messageDigest: 'a key of the JSON hash file users provide for Hash mode (its documented format)',
	digestAlgorithm: 'a key of the JSON hash file users provide for Hash mode',
	registration_authority:
		"a field of the Optimizer's notification: the trigger answers the sender, in its field names",
	serial_number: "a field of the Optimizer's notification (certificate serial number)",
	sent_at: "a field of the Optimizer's notification",
	event_type: "a field of the Optimizer's notification",
};

/** Constructors whose message reaches the user (the router shows any Error's message). */
const ERROR_CLASS =
	/^(?:[A-Z]\w*Error|Error|BadCallback|MissingPathParameter|InvalidPathParameter|NotAPage)$/;
/** Functions whose text arguments become an error message. */
const MESSAGE_FUNCTIONS = new Set(['unexpectedAnswer']);
/** Properties of an options object that are shown: the message and the description (hint). */
const SHOWN_PROPERTIES = new Set(['message', 'description', 'hint']);

const CAMEL_CASE = /\b[a-z]+[A-Z][A-Za-z0-9]*\b/g;
const INNER_CAPITAL = /\b[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*\b/g;
const SNAKE_CASE = /\b[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+\b/g;
const CALL = /\b[A-Za-z_$][\w$]*\(\)/g;

export interface ErrorText {
	where: string;
	text: string;
}

/** The literal pieces of a message expression: strings, template parts, both sides of ?: and +. */
function literalPieces(node: ts.Node): string[] {
	if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
	if (ts.isTemplateExpression(node)) {
		return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
	}
	if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) {
		return literalPieces(node.expression);
	}
	if (ts.isConditionalExpression(node)) {
		return [...literalPieces(node.whenTrue), ...literalPieces(node.whenFalse)];
	}
	if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
		return [...literalPieces(node.left), ...literalPieces(node.right)];
	}
	if (
		ts.isBinaryExpression(node) &&
		node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken
	) {
		return literalPieces(node.right);
	}
	// a text built by a helper, e.g. uploadDefect('There is no file to upload')
	if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
		return node.arguments.flatMap(literalPieces);
	}
	if (ts.isObjectLiteralExpression(node)) {
		return node.properties.flatMap((property) =>
			ts.isPropertyAssignment(property) && SHOWN_PROPERTIES.has(property.name.getText())
				? literalPieces(property.initializer)
				: [],
		);
	}
	return [];
}

function calleeName(expression: ts.Expression): string | undefined {
	if (ts.isIdentifier(expression)) return expression.text;
	// unexpectedAnswer.call(this, ...)
	if (
		ts.isPropertyAccessExpression(expression) &&
		expression.name.text === 'call' &&
		ts.isIdentifier(expression.expression)
	) {
		return expression.expression.text;
	}
	return undefined;
}

/** Whether a node is inside a class of the package's own errors (class X extends Error). */
function inErrorClass(node: ts.Node): boolean {
	for (let current = node.parent; current; current = current.parent) {
		if (ts.isClassDeclaration(current)) {
			return (current.heritageClauses ?? []).some((clause) =>
				clause.types.some((type) => ERROR_CLASS.test(type.expression.getText())),
			);
		}
	}
	return false;
}

/** The texts an error class builds itself: super(message) and this.label/hint/... = text. */
function ownErrorTexts(node: ts.Node): readonly ts.Expression[] | undefined {
	if (!inErrorClass(node)) return undefined;
	if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) {
		return node.arguments;
	}
	if (
		ts.isBinaryExpression(node) &&
		node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
		ts.isPropertyAccessExpression(node.left) &&
		node.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
		(SHOWN_PROPERTIES.has(node.left.name.text) || node.left.name.text === 'label')
	) {
		return [node.right];
	}
	return undefined;
}

/** The shown texts of every error built in these sources. */
export function errorTexts(sources: Source[]): ErrorText[] {
	const found: ErrorText[] = [];
	for (const source of sources) {
		walk(source.file, (node) => {
			let args: readonly ts.Expression[] | undefined = ownErrorTexts(node);
			if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
				if (ERROR_CLASS.test(node.expression.text)) args = node.arguments;
			} else if (ts.isCallExpression(node) && !args) {
				const name = calleeName(node.expression);
				if (name && MESSAGE_FUNCTIONS.has(name)) args = node.arguments;
			}
			if (!args) return;
			const where = `${source.path}:${lineOf(source.file, node.getStart())}`;
			for (const arg of args) {
				for (const text of literalPieces(arg)) if (text.trim()) found.push({ where, text });
			}
		});
	}
	return found;
}

/** The words of a text that name code, e.g. ['buildMultipart'] (n8n expressions left out). */
export function codeWords(text: string): string[] {
	const prose = text
		.replace(/\{\{[\s\S]*?\}\}/g, ' ')
		.replace(/\$[\w$.]+/g, ' ')
		.replace(/https?:\/\/\S+/g, ' ')
		// time zone names such as America/New_York
		.replace(/\b[A-Z][a-z]+\/[A-Za-z_]+/g, ' ');
	const words = [CAMEL_CASE, INNER_CAPITAL, SNAKE_CASE, CALL].flatMap((pattern) =>
		[...prose.matchAll(pattern)].map((match) => match[0]),
	);
	return [...new Set(words)].filter((word) => !(word in ALLOWED_WORDS));
}

describe('error texts', () => {
	const texts = errorTexts(packageSources());

	it('finds the errors of nodes/ (a few hundred texts)', () => {
		expect(texts.length).toBeGreaterThan(150);
		expect(texts.some(({ text }) => text.includes('is not a web address'))).toBe(true);
	});

	it('name no function, variable or internal field', () => {
		const offending = texts
			.map(({ where, text }) => ({ where, text, words: codeWords(text) }))
			.filter(({ words }) => words.length > 0)
			.map(({ where, text, words }) => `${where} ${words.join(', ')}: ${text}`);
		expect(offending).toEqual([]);
	});
});

describe('the error-text check catches what it is meant to', () => {
	const parsed = (text: string): Source => ({
		path: 'nodes/shared/x.ts',
		text,
		file: ts.createSourceFile('x.ts', text, ts.ScriptTarget.ES2022, true),
	});

	it('reads messages and descriptions of every error kind, and nothing else', () => {
		const texts = errorTexts([
			parsed(
				[
					"throw new Error('buildMultipart: a file is not in memory');",
					'throw new ValidationError(`"${x}" is wrong`, cond ? \'Use a\' : "Use b");',
					"throw new NodeOperationError(node, 'Failed', { itemIndex, description: 'Try ' + hint });",
					"throw new NodeApiError(node, { message: m } as JsonObject, { message: 'No status', httpCode: '500' });",
					"throw unexpectedAnswer.call(this, 'no status', body, secrets, i);",
					"throw new Error(defect('No file'));",
					"class Gone extends Error { constructor(readonly k: string) { super(`No ${k} here`); this.hint = 'Use another'; this.other = 'x_y'; } }",
					"log('notAnError'); const e = new Map([['a_b', 1]]);",
				].join('\n'),
			),
		]);
		expect(texts.map(({ where, text }) => `${where} ${text}`)).toEqual([
			'nodes/shared/x.ts:1 buildMultipart: a file is not in memory',
			'nodes/shared/x.ts:2 "',
			'nodes/shared/x.ts:2 " is wrong',
			'nodes/shared/x.ts:2 Use a',
			'nodes/shared/x.ts:2 Use b',
			'nodes/shared/x.ts:3 Failed',
			'nodes/shared/x.ts:3 Try ',
			'nodes/shared/x.ts:4 No status',
			'nodes/shared/x.ts:5 no status',
			'nodes/shared/x.ts:6 No file',
			'nodes/shared/x.ts:7 No ',
			'nodes/shared/x.ts:7  here',
			'nodes/shared/x.ts:7 Use another',
		]);
	});

	it('flags camelCase, PascalCase with inner capitals, snake_case and calls; not expressions or allowed words', () => {
		expect(codeWords('buildMultipart: a file is not in memory')).toEqual(['buildMultipart']);
		expect(codeWords('The NodeApiError of answer() had no request_pk')).toEqual([
			'NodeApiError',
			'request_pk',
			'answer()',
		]);
		expect(codeWords('Use {{ $json.requestPk }} or $execution.resumeUrl')).toEqual([]);
		expect(codeWords('Map "requestPk" from Create; eIDAS Video ID by WhatsApp')).toEqual([]);
		expect(codeWords('Check "Optimizer URL" in the credential (HTTP 404, ID, OTP)')).toEqual([]);
		expect(codeWords('A time zone such as America/New_York or UTC')).toEqual([]);
	});
});
