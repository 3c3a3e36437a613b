/**
 * The envelopes around the Optimizer's success answers (docs/optimizer-api.md#envelopes-and-errors) and the
 * small readers every resource's parser uses. Where the documentation leaves a shape open, every
 * plausible variant is accepted; `undefined` means "not understood" and the caller reports the
 * answer as unexpected.
 */
export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** The payload of an envelope: `details` (both generations), `detail` (current upload), or the body. */
export function payloadOf(body: unknown): unknown {
	if (!isObj(body)) return body;
	if ('details' in body) return body.details;
	if ('detail' in body) return body.detail;
	if ('data' in body) return body.data;
	return body;
}

export function messageOf(body: unknown): string | undefined {
	if (typeof body === 'string') return body;
	if (!isObj(body)) return undefined;
	for (const key of ['message', 'messsage']) {
		if (typeof body[key] === 'string') return body[key] as string;
	}
	const payload = payloadOf(body);
	return typeof payload === 'string' ? payload : undefined;
}

export function toPositiveInt(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
	if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) {
		const n = Number(value);
		return Number.isSafeInteger(n) && n > 0 ? n : undefined;
	}
	return undefined;
}

export function toBool(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 1 || value === '1') return true;
	if (value === 'false' || value === 0 || value === '0') return false;
	return undefined;
}

/** A scalar as text (not trimmed); null for anything else. */
export function scalarText(value: unknown): string | null {
	if (value === undefined || value === null) return null;
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return null;
}

/** The first non-empty scalar among these keys. */
export function firstText(source: Obj, keys: string[]): string | null {
	for (const key of keys) {
		const value = scalarText(source[key]);
		if (value !== null && value !== '') return value;
	}
	return null;
}

/** An identifier the Optimizer generates (token, image): at least 8 word characters or dashes. */
export const UID = /^[\w-]{8,}$/;

/**
 * The UID of something just created: the payload itself when it is one (legacy), else what `read`
 * finds in the payload or in the body.
 */
export function createdUid(
	body: unknown,
	read: (source: Obj) => string | undefined,
): string | undefined {
	const payload = payloadOf(body);
	if (typeof payload === 'string' && UID.test(payload.trim())) return payload.trim();
	for (const source of [payload, body]) {
		const uid = isObj(source) ? read(source) : undefined;
		if (uid) return uid;
	}
	return undefined;
}
