/**
 * A callback body as text or as n8n parsed it (JSON, JSON in a string, form fields with the JSON
 * in one field) turned into a value to normalise (./normalize).
 */
import type { Plain } from './structure';
import { BadCallback, FORBIDDEN_KEYS, MAX_BODY_BYTES, has, isPlainObject } from './structure';

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
