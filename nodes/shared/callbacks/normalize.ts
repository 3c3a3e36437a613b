/**
 * Reading and normalising a One-Shot callback body (oneshot-api.md section 4.2).
 *
 * Two documented shapes are accepted, whatever the Content-Type they arrive with:
 * - format A "status change": `{status, date, previous_status, request: <pk>, registration_authority}`
 * - format B "event": `{event_type, sent_at, request: {pk, status, registration_authority, ...}, certificates}`
 *
 * Everything here is pure: no n8n context, no I/O. Anything that is not a well-formed callback
 * raises a `BadCallback` with a short message that never contains values from the body.
 */

/** Largest body that is parsed (bytes). Bigger bodies are answered 413. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Deepest nesting accepted anywhere in the body. */
export const MAX_DEPTH = 16;
/** Most values (objects, arrays, scalars) accepted in one body. */
export const MAX_VALUES = 20_000;
/** Most certificates accepted in format B. */
export const MAX_CERTIFICATES = 100;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const STATUS_PATTERN = /^[A-Z][A-Z0-9_]{1,39}$/;
const EVENT_PATTERN = /^[A-Z][A-Z0-9_]{1,59}$/;

/** Event type given to format A callbacks, which carry no event type of their own. */
export const STATUS_CHANGED = 'STATUS_CHANGED';

export class BadCallback extends Error {
	constructor(
		message: string,
		readonly httpStatus: 400 | 413 = 400,
	) {
		super(message);
		this.name = 'BadCallback';
	}
}

export interface CallbackCertificate {
	status: string | null;
	serialNumber: string | null;
	validFrom: string | null;
	validTo: string | null;
}

export interface NormalizedCallback {
	format: 'status' | 'event';
	requestPk: number;
	status: string;
	previousStatus: string | null;
	eventType: string;
	/** ISO 8601, UTC */
	occurredAt: string;
	/** The timestamp exactly as sent (keeps format A's microseconds; used for de-duplication). */
	timestampRaw: string;
	registrationAuthority: number | string | null;
	certificates: CallbackCertificate[];
}

type Plain = Record<string, unknown>;

function isPlainObject(value: unknown): value is Plain {
	return (
		typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value)
	);
}

function own(object: Plain, key: string): unknown {
	return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

function has(object: Plain, key: string): boolean {
	return Object.prototype.hasOwnProperty.call(object, key) && object[key] !== undefined;
}

/**
 * Walks the whole value without recursion: refuses forbidden keys (prototype pollution),
 * too deep nesting and too many values.
 */
export function assertSafeStructure(root: unknown): void {
	const stack: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 0 }];
	let count = 0;
	while (stack.length) {
		const { value, depth } = stack.pop()!;
		if (++count > MAX_VALUES) throw new BadCallback('The body has too many values');
		if (typeof value !== 'object' || value === null) continue;
		if (depth >= MAX_DEPTH) throw new BadCallback('The body is nested too deeply');
		if (Array.isArray(value)) {
			for (const entry of value) stack.push({ value: entry, depth: depth + 1 });
			continue;
		}
		for (const key of Object.keys(value)) {
			if (FORBIDDEN_KEYS.has(key))
				throw new BadCallback(`The body contains the forbidden key "${key}"`);
			stack.push({ value: (value as Plain)[key], depth: depth + 1 });
		}
		if (
			Object.getPrototypeOf(value) !== Object.prototype &&
			Object.getPrototypeOf(value) !== null
		) {
			throw new BadCallback('The body is not plain JSON');
		}
	}
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		return { ok: false };
	}
}

function looksLikeJson(text: string) {
	return text.startsWith('{') || text.startsWith('[') || text.startsWith('"');
}

/** Fields of an `a=1&b=2` body; undefined when the text is not form-encoded. */
function parseForm(text: string): Plain | undefined {
	if (!/^[^=&\s{}[\]"]+=/.test(text)) return undefined;
	const fields: Plain = {};
	for (const [key, value] of new URLSearchParams(text)) {
		if (FORBIDDEN_KEYS.has(key))
			throw new BadCallback(`The body contains the forbidden key "${key}"`);
		if (!Object.prototype.hasOwnProperty.call(fields, key)) fields[key] = value;
	}
	return fields;
}

/** The preferred form fields that may carry the JSON payload, in order. */
const PAYLOAD_FIELDS = ['payload', 'data', 'body', 'json', 'callback', 'event'];

/** A form whose single interesting field is JSON text: use that JSON. */
function unwrapForm(fields: Plain): unknown {
	if (has(fields, 'status') || has(fields, 'event_type')) return fields;
	const names = [...PAYLOAD_FIELDS.filter((n) => has(fields, n)), ...Object.keys(fields)];
	for (const name of names) {
		const value = fields[name];
		if (typeof value !== 'string') continue;
		const text = value.trim();
		if (!text.startsWith('{')) continue;
		const parsed = tryJson(text);
		if (parsed.ok) return parsed.value;
	}
	return fields;
}

/** Turns body text (JSON, JSON in a string, form fields) into a value. */
export function parseBodyText(input: string): unknown {
	const text = input.replace(/^\uFEFF/, '').trim();
	if (!text) throw new BadCallback('The body is empty');
	if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) {
		throw new BadCallback('The body is too large', 413);
	}
	if (looksLikeJson(text)) {
		const parsed = tryJson(text);
		if (!parsed.ok) throw new BadCallback('The body is not valid JSON');
		// JSON sent as a JSON string (double-encoded): decode once more
		if (typeof parsed.value === 'string' && looksLikeJson(parsed.value.trim())) {
			const inner = tryJson(parsed.value.trim());
			if (!inner.ok) throw new BadCallback('The body is not valid JSON');
			return inner.value;
		}
		return parsed.value;
	}
	const form = parseForm(text);
	if (form) return unwrapForm(form);
	throw new BadCallback('The body is neither JSON nor form fields');
}

/** A value n8n already parsed (JSON object, form fields, text) turned into a callback candidate. */
export function parseBodyValue(value: unknown): unknown {
	if (typeof value === 'string') return parseBodyText(value);
	if (Buffer.isBuffer(value)) return parseBodyText(value.toString('utf8'));
	if (isPlainObject(value) && !has(value, 'status') && !has(value, 'event_type')) {
		return unwrapForm(value);
	}
	return value;
}

function readStatus(value: unknown, field: string, pattern = STATUS_PATTERN): string {
	if (typeof value !== 'string') throw new BadCallback(`"${field}" must be a text`);
	const status = value.trim().toUpperCase();
	if (!pattern.test(status)) throw new BadCallback(`"${field}" is not a valid name`);
	return status;
}

function readPk(value: unknown, field: string): number {
	let pk: number;
	if (typeof value === 'number') pk = value;
	else if (typeof value === 'string' && /^\s*\d{1,16}\s*$/.test(value)) pk = Number(value.trim());
	else throw new BadCallback(`"${field}" must be a positive whole number`);
	if (!Number.isSafeInteger(pk) || pk <= 0) {
		throw new BadCallback(`"${field}" must be a positive whole number`);
	}
	return pk;
}

function readAuthority(value: unknown): number | string | null {
	if (value === undefined || value === null) return null;
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim().length <= 64) return value.trim() || null;
	throw new BadCallback('"registration_authority" must be a number or a short text');
}

function utcIso(
	year: number,
	month: number,
	day: number,
	hour: number,
	minute: number,
	second: number,
	ms: number,
	offsetMinutes: number,
): string | undefined {
	if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
		return undefined;
	}
	const time = Date.UTC(year, month - 1, day, hour, minute, second, ms);
	const check = new Date(Date.UTC(year, month - 1, day));
	// rejects 2021-02-30 and the like (Date.UTC rolls them over)
	if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
	if (year < 1970 || year > 9999) return undefined;
	return new Date(time - offsetMinutes * 60_000).toISOString();
}

const ISO_DATE =
	/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Format A `date`: ISO 8601; without a time zone it is taken as UTC. */
export function parseFlatDate(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const m = ISO_DATE.exec(value.trim());
	if (!m) return undefined;
	const fraction = m[7] ? Number(`0.${m[7]}`) : 0;
	let offset = 0;
	if (m[8] && m[8].toUpperCase() !== 'Z') {
		const sign = m[8].startsWith('-') ? -1 : 1;
		const digits = m[8].slice(1).replace(':', '');
		const hours = Number(digits.slice(0, 2));
		const minutes = Number(digits.slice(2, 4));
		if (hours > 14 || minutes > 59) return undefined;
		offset = sign * (hours * 60 + minutes);
	}
	return utcIso(
		Number(m[1]),
		Number(m[2]),
		Number(m[3]),
		Number(m[4]),
		Number(m[5]),
		Number(m[6] ?? 0),
		Math.floor(fraction * 1000),
		offset,
	);
}

/** Format B `sent_at`: `YYYYMMDDHHMMSS`, UTC. */
export function parseCompactDate(value: unknown): string | undefined {
	const text = typeof value === 'number' ? String(value) : value;
	if (typeof text !== 'string') return undefined;
	const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text.trim());
	if (!m) return undefined;
	const [, y, mo, d, h, mi, s] = m.map(Number);
	return utcIso(y, mo, d, h, mi, s, 0, 0);
}

/** Certificate validity `YYYYMMDD HH:MM:SS` (UTC); null when absent or unreadable. */
export function parseCertificateDate(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const m = /^(\d{4})(\d{2})(\d{2})[ T]?(\d{2}):?(\d{2}):?(\d{2})$/.exec(value.trim());
	if (m) {
		const [, y, mo, d, h, mi, s] = m.map(Number);
		return utcIso(y, mo, d, h, mi, s, 0, 0) ?? null;
	}
	return parseFlatDate(value) ?? null;
}

function readCertificates(value: unknown): CallbackCertificate[] {
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value)) throw new BadCallback('"certificates" must be a list');
	if (value.length > MAX_CERTIFICATES) throw new BadCallback('"certificates" has too many entries');
	return value.map((entry) => {
		if (!isPlainObject(entry)) throw new BadCallback('Each certificate must be an object');
		const status = own(entry, 'status');
		const serial = own(entry, 'serial_number');
		if (status !== undefined && status !== null && typeof status !== 'string') {
			throw new BadCallback('A certificate "status" must be a text');
		}
		if (
			serial !== undefined &&
			serial !== null &&
			typeof serial !== 'string' &&
			typeof serial !== 'number'
		) {
			throw new BadCallback('A certificate "serial_number" must be a text');
		}
		return {
			status: typeof status === 'string' ? status.trim().toUpperCase() || null : null,
			serialNumber: serial === undefined || serial === null ? null : String(serial),
			validFrom: parseCertificateDate(own(entry, 'valid_from')),
			validTo: parseCertificateDate(own(entry, 'valid_to')),
		};
	});
}

function readPrevious(value: unknown): string | null {
	if (value === undefined || value === null || value === '') return null;
	return readStatus(value, 'previous_status');
}

function timestampText(value: unknown): string {
	return typeof value === 'number' ? String(value) : String(value ?? '').trim();
}

function normalizeEvent(body: Plain): NormalizedCallback {
	const eventType = readStatus(own(body, 'event_type'), 'event_type', EVENT_PATTERN);
	const request = own(body, 'request');
	let pk: number;
	let status: string;
	let authority: number | string | null;
	let previous: string | null = readPrevious(own(body, 'previous_status'));
	if (isPlainObject(request)) {
		pk = readPk(own(request, 'pk'), 'request.pk');
		const statusValue = has(request, 'status') ? own(request, 'status') : own(body, 'status');
		status = readStatus(statusValue, 'request.status');
		authority = readAuthority(
			has(request, 'registration_authority')
				? own(request, 'registration_authority')
				: own(body, 'registration_authority'),
		);
		if (previous === null) previous = readPrevious(own(request, 'previous_status'));
	} else if (request !== undefined && request !== null && typeof request !== 'object') {
		// an event whose request is only the pk: status must then be at the top level
		pk = readPk(request, 'request');
		status = readStatus(own(body, 'status'), 'status');
		authority = readAuthority(own(body, 'registration_authority'));
	} else {
		throw new BadCallback('"request" is missing or is not an object');
	}
	const sentAt = own(body, 'sent_at');
	const dateValue = sentAt !== undefined && sentAt !== null ? sentAt : own(body, 'date');
	if (dateValue === undefined || dateValue === null) throw new BadCallback('"sent_at" is missing');
	const occurredAt = parseCompactDate(dateValue) ?? parseFlatDate(dateValue);
	if (!occurredAt) throw new BadCallback('"sent_at" is not a valid date');
	return {
		format: 'event',
		requestPk: pk,
		status,
		previousStatus: previous,
		eventType,
		occurredAt,
		timestampRaw: timestampText(dateValue),
		registrationAuthority: authority,
		certificates: readCertificates(own(body, 'certificates')),
	};
}

function normalizeStatusChange(body: Plain): NormalizedCallback {
	const status = readStatus(own(body, 'status'), 'status');
	const request = own(body, 'request');
	let pk: number;
	let authority: unknown = own(body, 'registration_authority');
	if (isPlainObject(request)) {
		// the One-Shot webhook page mixes both shapes: accept a request object here too
		pk = readPk(own(request, 'pk'), 'request.pk');
		if (authority === undefined) authority = own(request, 'registration_authority');
	} else {
		pk = readPk(request, 'request');
	}
	const dateValue = own(body, 'date');
	if (dateValue === undefined || dateValue === null) throw new BadCallback('"date" is missing');
	const occurredAt = parseFlatDate(dateValue) ?? parseCompactDate(dateValue);
	if (!occurredAt) throw new BadCallback('"date" is not a valid date');
	return {
		format: 'status',
		requestPk: pk,
		status,
		previousStatus: readPrevious(own(body, 'previous_status')),
		eventType: STATUS_CHANGED,
		occurredAt,
		timestampRaw: timestampText(dateValue),
		registrationAuthority: readAuthority(authority),
		certificates: [],
	};
}

/** Validates a parsed body and maps it to the trigger's output fields. */
export function normalizeCallback(value: unknown): NormalizedCallback {
	if (!isPlainObject(value)) {
		throw new BadCallback(
			Array.isArray(value)
				? 'The body is a list, not a callback object'
				: 'The body is not a callback object',
		);
	}
	assertSafeStructure(value);
	if (has(value, 'event_type')) return normalizeEvent(value);
	if (has(value, 'status') && has(value, 'request')) return normalizeStatusChange(value);
	throw new BadCallback(
		'The body is not a One-Shot callback (no "event_type", or no "status" and "request")',
	);
}
