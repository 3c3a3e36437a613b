/**
 * The visible signature ("appearance") of Sign, from settings a non-developer can choose — a
 * corner of a page or exact coordinates, text lines, date format, time zone, a signature image —
 * to the body each API generation expects (docs/optimizer-api.md#sign):
 * - current: `signature: { appearance: { text[], date, timezone, position, page, image } }`,
 *   one appearance for every document;
 * - legacy: `options: { <document uid>: { position, page, image } }`,
 *   `signature_format: { text_format[], date_format, timezone }`, `use_signature_text`.
 * Positions are "x1,y1,x2,y2" in points (1 px = 0.75 pt) from the bottom-left corner of the page;
 * pages are numbered from 0 by the API and from 1 in the node.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ApiGeneration } from '../../shared/transport/endpoints';
import { ValidationError, normalizeTimeZone, requireText } from '../../shared/validation';

export type Placement =
	| 'bottomLeft'
	| 'bottomCenter'
	| 'bottomRight'
	| 'topLeft'
	| 'topCenter'
	| 'topRight'
	| 'coordinates';

export type PageSize = 'a4Portrait' | 'a4Landscape' | 'letterPortrait' | 'letterLandscape';

/** Page sizes in points (width, height). */
export const PAGE_SIZES: Record<PageSize, [number, number]> = {
	a4Portrait: [595, 842],
	a4Landscape: [842, 595],
	letterPortrait: [612, 792],
	letterLandscape: [792, 612],
};

export const DEFAULT_BOX = { width: 200, height: 60, margin: 36 };

export const DEFAULT_DATE_FORMAT = '%d/%m/%Y %H:%M:%S';

/** Variables the signature text may hold (filled in from the signer's certificate). */
export const TEXT_VARIABLES: Record<string, string> = {
	CN: "the signer's full name",
	DATE: 'the date and time of signing',
	E: "the signer's e-mail address",
	SUBJECT: "the certificate's subject",
};

export const TEXT_VARIABLES_HINT = Object.entries(TEXT_VARIABLES)
	.map(([name, meaning]) => `%(${name})s = ${meaning}`)
	.join(', ');

export interface BoxOptions {
	pageSize?: PageSize;
	width?: number;
	height?: number;
	margin?: number;
}

/** What the user chose in the node. */
export interface AppearanceSettings extends BoxOptions {
	placement: Placement;
	/** "x1,y1,x2,y2" in points, for placement "coordinates" */
	coordinates?: string;
	/** 1 = first page */
	page: unknown;
	/** one line per text line; empty = the Optimizer's default text */
	text?: string;
	/** false = only the image, no text */
	showText?: boolean;
	dateFormat?: string;
	timeZone?: string;
	imageUid?: string;
}

/** The checked appearance, in the API's units. */
export interface Appearance {
	position: string;
	/** 0 = first page */
	page: number;
	text: string[];
	showText: boolean;
	dateFormat?: string;
	timeZone?: string;
	image?: string;
}

/** A per-document placement (legacy Optimizer). */
export interface DocumentPlacement extends BoxOptions {
	documentUid: string;
	placement: Placement;
	coordinates?: string;
	page: unknown;
	imageUid?: string;
}

const round = (n: number) => Math.round(n * 100) / 100;

function positiveNumber(value: unknown, fallback: number, label: string): number {
	if (value === undefined || value === null || value === '') return fallback;
	const n = Number(value);
	if (!Number.isFinite(n) || n <= 0) {
		throw new ValidationError(
			`"${label}" must be a number of points above 0`,
			`For example ${fallback}.`,
		);
	}
	return n;
}

/** "x1,y1,x2,y2" of a box of the given size in a corner (or centred on an edge) of the page. */
export function positionFor(
	placement: Exclude<Placement, 'coordinates'>,
	box: BoxOptions = {},
): string {
	const [pageWidth, pageHeight] = PAGE_SIZES[box.pageSize ?? 'a4Portrait'] ?? PAGE_SIZES.a4Portrait;
	const width = positiveNumber(box.width, DEFAULT_BOX.width, 'Signature Width');
	const height = positiveNumber(box.height, DEFAULT_BOX.height, 'Signature Height');
	const margin =
		box.margin === undefined || box.margin === null ? DEFAULT_BOX.margin : Number(box.margin);
	if (!Number.isFinite(margin) || margin < 0) {
		throw new ValidationError(
			'"Margin" must be 0 or more points',
			'For example 36 (half an inch).',
		);
	}
	if (width + 2 * margin > pageWidth || height + 2 * margin > pageHeight) {
		throw new ValidationError(
			`A signature of ${width} × ${height} points does not fit on the page with a margin of ${margin}`,
			`The page is ${pageWidth} × ${pageHeight} points: make the signature or the margin smaller, or choose the right page size.`,
		);
	}
	const left = placement.endsWith('Left')
		? margin
		: placement.endsWith('Right')
			? pageWidth - margin - width
			: (pageWidth - width) / 2;
	const bottom = placement.startsWith('bottom') ? margin : pageHeight - margin - height;
	return [left, bottom, left + width, bottom + height].map(round).join(',');
}

/** Exact coordinates typed by the user: four numbers, lower-left then upper-right corner. */
export function parseCoordinates(value: unknown): string {
	const raw = requireText(value, 'Coordinates');
	const parts = raw
		.split(/[\s,;]+/)
		.filter(Boolean)
		.map(Number);
	const hint =
		'Write four numbers in points from the bottom-left corner of the page: x1,y1 (lower-left corner of the signature) and x2,y2 (upper-right corner), e.g. 350,50,550,110. An A4 page is 595 × 842 points.';
	if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n) || n < 0)) {
		throw new ValidationError(`"${raw}" is not four coordinates x1,y1,x2,y2`, hint);
	}
	const [x1, y1, x2, y2] = parts;
	if (x2 <= x1 || y2 <= y1) {
		throw new ValidationError(
			`In "${raw}" the second corner must be to the right of and above the first`,
			hint,
		);
	}
	return parts.map(round).join(',');
}

/** Page number as the node shows it (1 = first page) → as the API wants it (0 = first page). */
export function apiPage(value: unknown, label = 'Page'): number {
	const text = value === undefined || value === null || value === '' ? '1' : String(value).trim();
	const n = Number(text);
	if (!/^\d+$/.test(text) || n < 1 || !Number.isSafeInteger(n)) {
		throw new ValidationError(
			`"${text}" in "${label}" is not a page number`,
			'Pages are numbered from 1 (the first page).',
		);
	}
	return n - 1;
}

/**
 * Text lines: one per line of the field (or an array from an expression). "%(CN)" without its
 * final "s" is completed; a lone "%" would break the Optimizer's formatting and is refused.
 */
export function parseTextLines(value: unknown): string[] {
	const lines = (Array.isArray(value) ? value.map(String) : String(value ?? '').split(/\r?\n/))
		.map((line) => line.trim())
		.filter(Boolean);
	return lines.map((line) => {
		const fixed = line.replace(/%\((\w+)\)(?![sd])/g, '%($1)s');
		const stray = fixed.replace(/%\(\w+\)[sd]|%%/g, '');
		if (stray.includes('%')) {
			throw new ValidationError(
				`The signature text "${line}" has a "%" that is not a variable`,
				`Write a percent sign as %% . Variables are written like %(CN)s: ${TEXT_VARIABLES_HINT}.`,
			);
		}
		return fixed;
	});
}

/** A strftime date format; refuses the common "dd/mm/yyyy" style that would be printed as is. */
export function normalizeDateFormat(value: unknown): string {
	const format = requireText(value, 'Date Format');
	if (!format.includes('%')) {
		throw new ValidationError(
			`"${format}" is not a date format the Optimizer understands`,
			'Use % codes: %d day, %m month, %Y year, %H hours, %M minutes, %S seconds, e.g. %d/%m/%Y %H:%M:%S.',
		);
	}
	return format;
}

const CORNERS = new Set<string>([
	'bottomLeft',
	'bottomCenter',
	'bottomRight',
	'topLeft',
	'topCenter',
	'topRight',
]);

function placementPosition(placement: Placement, coordinates: unknown, box: BoxOptions): string {
	if (placement === 'coordinates') return parseCoordinates(coordinates);
	if (!CORNERS.has(placement)) {
		throw new ValidationError(
			`"${String(placement)}" is not a signature position`,
			'Choose Bottom Left, Bottom Center, Bottom Right, Top Left, Top Center, Top Right or Exact Coordinates. An expression must give one of bottomLeft, bottomCenter, bottomRight, topLeft, topCenter, topRight or coordinates.',
		);
	}
	return positionFor(placement as Exclude<Placement, 'coordinates'>, box);
}

/** Checks the user's settings and turns them into the API's units. */
export function resolveAppearance(settings: AppearanceSettings): Appearance {
	const showText = settings.showText !== false;
	const text = showText ? parseTextLines(settings.text) : [];
	const image = settings.imageUid?.trim() || undefined;
	if (!showText && !image) {
		throw new ValidationError(
			'The visible signature would be empty',
			'Choose a signature image (upload it with Image → Upload), or turn on "Show Signature Text".',
		);
	}
	return {
		position: placementPosition(settings.placement, settings.coordinates, settings),
		page: apiPage(settings.page),
		text,
		showText,
		dateFormat: settings.dateFormat ? normalizeDateFormat(settings.dateFormat) : undefined,
		timeZone: settings.timeZone ? normalizeTimeZone(settings.timeZone) : undefined,
		image,
	};
}

/** Current generation: one appearance for every document. */
export function currentSignature(appearance: Appearance): IDataObject {
	const body: IDataObject = {
		text: appearance.text,
		position: appearance.position,
		page: appearance.page,
	};
	if (appearance.dateFormat) body.date = appearance.dateFormat;
	if (appearance.timeZone) body.timezone = appearance.timeZone;
	if (appearance.image) body.image = appearance.image;
	return { appearance: body };
}

/** Legacy generation: the appearance repeated for each document, with per-document overrides. */
export function legacySignFields(
	appearance: Appearance,
	documentUids: string[],
	placements: DocumentPlacement[] = [],
): IDataObject {
	const options: IDataObject = {};
	const entry = (position: string, page: number, image: string | undefined): IDataObject => {
		const value: IDataObject = { position, page };
		if (image) value.image = image;
		return value;
	};
	for (const uid of documentUids)
		options[uid] = entry(appearance.position, appearance.page, appearance.image);
	for (const placement of placements) {
		const uid = requireText(placement.documentUid, 'Document UID (Placement per Document)');
		options[uid] = entry(
			placementPosition(placement.placement, placement.coordinates, placement),
			apiPage(placement.page, 'Page (Placement per Document)'),
			placement.imageUid?.trim() || appearance.image,
		);
	}
	if (!Object.keys(options).length) {
		throw new ValidationError(
			'The legacy Optimizer needs to know which documents get the visible signature',
			'Fill in "Document UIDs" with the UIDs returned by Upload (or upload them earlier in this workflow), or add a "Placement per Document".',
		);
	}
	const fields: IDataObject = { options, use_signature_text: appearance.showText };
	const format: IDataObject = {};
	if (appearance.text.length) format.text_format = appearance.text;
	if (appearance.dateFormat) format.date_format = appearance.dateFormat;
	if (appearance.timeZone) format.timezone = appearance.timeZone;
	if (Object.keys(format).length) fields.signature_format = format;
	return fields;
}

export interface SignAuthentication {
	/** OTP or customer code */
	secret: string;
	extUnlockType?: string;
	extUnlockValue?: string;
}

/** The whole JSON body of Sign for a generation. */
export function signBody(
	generation: ApiGeneration,
	auth: SignAuthentication,
	appearance?: Appearance,
	documentUids: string[] = [],
	placements: DocumentPlacement[] = [],
): IDataObject {
	const body: IDataObject = { secret: auth.secret };
	if (auth.extUnlockType) body.ext_unlock_type = auth.extUnlockType;
	if (auth.extUnlockValue) body.ext_unlock_value = auth.extUnlockValue;
	if (placements.length && generation === 'current') {
		throw new ValidationError(
			'"Placement per Document" works only with a legacy Optimizer',
			'The current Optimizer places one visible signature the same way on every document. Remove the placements, or sign the documents with different placements in separate requests.',
		);
	}
	if (!appearance) {
		if (placements.length) {
			throw new ValidationError(
				'"Placement per Document" needs "Visible Signature" turned on',
				'Turn on "Visible Signature" to choose its text and default position.',
			);
		}
		return body;
	}
	if (generation === 'current') body.signature = currentSignature(appearance);
	else Object.assign(body, legacySignFields(appearance, documentUids, placements));
	return body;
}
