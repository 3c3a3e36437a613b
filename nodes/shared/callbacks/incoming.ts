/**
 * What the trigger reads from the HTTP request: the query string of the callback URL (token and
 * correlation parameters) and the body, whatever the Content-Type and whether or not n8n parsed it.
 */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { parseBodyText, parseBodyValue } from './body';
import { BadCallback, MAX_BODY_BYTES } from './structure';

/** Query parameter of the callback URL that carries the secret token. */
export const TOKEN_PARAMETER = 'token';
/** Query parameter with the UIDs of the request's documents (comma-separated). */
export const DOCUMENT_UIDS_PARAMETER = 'documentUids';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type QueryValues = Map<string, string[]>;

interface RawRequest {
	url?: unknown;
	originalUrl?: unknown;
	rawBody?: unknown;
	readRawBody?: unknown;
	headers?: Record<string, string | string[] | undefined>;
}

function appendValue(map: QueryValues, key: string, value: string) {
	const values = map.get(key);
	if (values) values.push(value);
	else map.set(key, [value]);
}

/** Query parameters from a URL or path (`/webhook/x/oneshot?token=...&crm=1`). */
export function queryFromUrl(url: string): QueryValues {
	const map: QueryValues = new Map();
	const at = url.indexOf('?');
	if (at < 0) return map;
	for (const [key, value] of new URLSearchParams(url.slice(at + 1).split('#')[0])) {
		appendValue(map, key, value);
	}
	return map;
}

/** Query parameters from an already-parsed query object (fallback when no URL is available). */
export function queryFromObject(query: unknown): QueryValues {
	const map: QueryValues = new Map();
	if (!query || typeof query !== 'object') return map;
	for (const key of Object.keys(query)) {
		const value = (query as Record<string, unknown>)[key];
		const values = Array.isArray(value) ? value : [value];
		for (const v of values) {
			if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
				appendValue(map, key, String(v));
			} else if (v !== undefined && v !== null) {
				appendValue(map, key, JSON.stringify(v));
			}
		}
	}
	return map;
}

export function readQuery(this: IWebhookFunctions): QueryValues {
	const req = this.getRequestObject() as unknown as RawRequest;
	const url =
		typeof req.originalUrl === 'string'
			? req.originalUrl
			: typeof req.url === 'string'
				? req.url
				: '';
	if (url.includes('?')) return queryFromUrl(url);
	return queryFromObject(this.getQueryData());
}

/**
 * Every query parameter except the token: one value as a text, repeated ones as a list.
 * Keys that could pollute prototypes downstream are left out.
 */
export function correlationOf(
	query: QueryValues,
	redactValue: (value: string) => string,
): IDataObject {
	const out: IDataObject = {};
	for (const [key, values] of query) {
		if (key === TOKEN_PARAMETER || FORBIDDEN_KEYS.has(key)) continue;
		const clean = values.map(redactValue);
		out[key] = clean.length === 1 ? clean[0] : clean;
	}
	return out;
}

/** Document UIDs given on the callback URL (`documentUids=uid1,uid2`), at most 20. */
export function documentUidsOf(query: QueryValues): string[] {
	const uids: string[] = [];
	for (const value of query.get(DOCUMENT_UIDS_PARAMETER) ?? []) {
		for (const uid of value.split(/[\s,;]+/)) {
			const trimmed = uid.trim();
			if (trimmed && /^[A-Za-z0-9._-]{1,128}$/.test(trimmed) && !uids.includes(trimmed))
				uids.push(trimmed);
		}
	}
	return uids.slice(0, 20);
}

function declaredLength(headers: RawRequest['headers']): number | undefined {
	const value = headers?.['content-length'];
	const text = Array.isArray(value) ? value[0] : value;
	if (text === undefined || !/^\d+$/.test(text.trim())) return undefined;
	return Number(text.trim());
}

function isEmptyValue(value: unknown): boolean {
	if (value === undefined || value === null || value === '') return true;
	if (typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value)) {
		return Object.keys(value as object).length === 0;
	}
	return false;
}

/** JSON text of an already-parsed body ('' when it cannot be serialised, e.g. too deep). */
function stringify(value: unknown): string {
	try {
		return JSON.stringify(value) ?? '';
	} catch {
		return '';
	}
}

export interface ReadBody {
	/** The parsed candidate callback value. */
	value: unknown;
	/** The body text as received (for the optional raw body output). */
	text: string;
}

/**
 * The body of the callback: the raw bytes when n8n kept them (or can read them), else what
 * n8n parsed. Bodies over MAX_BODY_BYTES are refused (413) before being parsed.
 */
export async function readBody(this: IWebhookFunctions): Promise<ReadBody> {
	const req = this.getRequestObject() as unknown as RawRequest;
	const length = declaredLength(req.headers);
	if (length !== undefined && length > MAX_BODY_BYTES)
		throw new BadCallback('The body is too large', 413);

	let parsed: unknown;
	try {
		parsed = this.getBodyData();
	} catch {
		parsed = undefined;
	}
	let raw = Buffer.isBuffer(req.rawBody) ? req.rawBody : undefined;
	if (!raw && isEmptyValue(parsed) && typeof req.readRawBody === 'function') {
		let failure: unknown;
		try {
			await (req.readRawBody as () => Promise<void>).call(req);
		} catch (error) {
			failure = error ?? new Error('unknown');
		}
		if (failure !== undefined) {
			const tooLarge = (failure as { type?: unknown }).type === 'entity.too.large';
			throw tooLarge
				? new BadCallback('The body is too large', 413)
				: new BadCallback('The body could not be read');
		}
		raw = Buffer.isBuffer(req.rawBody) ? req.rawBody : undefined;
	}
	if (raw && raw.length > 0) {
		if (raw.length > MAX_BODY_BYTES) throw new BadCallback('The body is too large', 413);
		const text = raw.toString('utf8');
		return { value: parseBodyText(text), text };
	}
	if (isEmptyValue(parsed)) throw new BadCallback('The body is empty');
	let text: string;
	if (typeof parsed === 'string') text = parsed;
	else if (Buffer.isBuffer(parsed)) text = parsed.toString('utf8');
	else {
		text = stringify(parsed);
	}
	if (!text) throw new BadCallback('The body could not be read');
	if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES)
		throw new BadCallback('The body is too large', 413);
	return { value: parseBodyValue(parsed), text };
}
