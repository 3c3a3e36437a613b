/**
 * Defensive readers for the Optimizer's success answers. Where oneshot-api.md (section 8) leaves a
 * shape open, every plausible variant is accepted; `undefined` means "not understood" and the
 * caller reports the answer as unexpected.
 */
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

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

const PK_KEYS = ['pk', 'request_pk', 'requestPk', 'request_id', 'id', 'request'];

/** Request number from a Create answer: `details.pk`, `details` itself, top-level keys, or the message. */
export function parseRequestPk(body: unknown): number | undefined {
	const candidates: unknown[] = [];
	const payload = payloadOf(body);
	candidates.push(payload);
	for (const source of [payload, body]) {
		if (isObj(source)) {
			for (const key of PK_KEYS) candidates.push(source[key]);
			if (isObj(source.request)) candidates.push(source.request.pk);
		}
	}
	for (const candidate of candidates) {
		const pk = toPositiveInt(candidate);
		if (pk !== undefined) return pk;
	}
	const message = messageOf(body);
	const match = message ? /\bpk\D{0,5}(\d+)/i.exec(message) : null;
	return match ? toPositiveInt(match[1]) : undefined;
}

function toBool(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 1 || value === '1') return true;
	if (value === 'false' || value === 0 || value === '0') return false;
	return undefined;
}

export function parseAsyncMode(body: unknown): boolean | undefined {
	for (const source of [payloadOf(body), body]) {
		if (isObj(source)) {
			for (const key of ['asyncmode', 'async_mode', 'asyncMode', 'useasync']) {
				const b = toBool(source[key]);
				if (b !== undefined) return b;
			}
		}
	}
	return undefined;
}

export function parseStatus(body: unknown): string | undefined {
	const payload = payloadOf(body);
	if (isObj(payload) && typeof payload.status === 'string') return payload.status;
	return undefined;
}

/** Token UID from a Create Token answer (current: details.token_uid; legacy: details is the uid). */
export function parseTokenUid(body: unknown): string | undefined {
	const payload = payloadOf(body);
	if (typeof payload === 'string' && /^[\w-]{8,}$/.test(payload.trim())) return payload.trim();
	for (const source of [payload, body]) {
		if (isObj(source)) {
			for (const key of ['token_uid', 'token', 'uid', 'tokenUid']) {
				if (typeof source[key] === 'string' && source[key]) return source[key] as string;
			}
		}
	}
	return undefined;
}

export interface TokenInfo {
	tokenUid: string;
	username: string | null;
	passwordStored: boolean | null;
	pinStored: boolean | null;
}

function tokenInfo(tokenUid: string, value: unknown): TokenInfo {
	const v = isObj(value) ? value : {};
	const username = v.username ?? v.rao ?? v.user;
	return {
		tokenUid,
		username: username === undefined || username === null ? null : String(username),
		passwordStored: toBool(v.password) ?? null,
		pinStored: toBool(v.pin) ?? null,
	};
}

/** Token list: a map uid → info (documented), an array of objects or of uids (variants). */
export function parseTokenList(body: unknown): TokenInfo[] | undefined {
	const payload = payloadOf(body);
	if (Array.isArray(payload)) {
		const out: TokenInfo[] = [];
		for (const entry of payload) {
			if (typeof entry === 'string') out.push(tokenInfo(entry, {}));
			else if (isObj(entry)) {
				const uid = entry.token_uid ?? entry.uid ?? entry.token ?? entry.id;
				if (typeof uid === 'string') out.push(tokenInfo(uid, entry));
			}
		}
		return out;
	}
	if (isObj(payload)) {
		if (isObj(payload.tokens) || Array.isArray(payload.tokens))
			return parseTokenList(payload.tokens);
		return Object.entries(payload)
			.filter(([key, value]) => key.toUpperCase() !== 'NOTE' && (isObj(value) || value === null))
			.map(([key, value]) => tokenInfo(key, value));
	}
	return undefined;
}

export function parseTokenInfo(tokenUid: string, body: unknown): TokenInfo | undefined {
	const payload = payloadOf(body);
	if (!isObj(payload)) return undefined;
	if (isObj(payload[tokenUid])) return tokenInfo(tokenUid, payload[tokenUid]);
	return tokenInfo(tokenUid, payload);
}

export interface UploadedDocument {
	uid: string;
	/** multipart field the document was sent under (file, file2, …) */
	field?: string;
	fileName?: string;
	digest?: string;
}

function uploadedFrom(entry: unknown): UploadedDocument | undefined {
	if (typeof entry === 'string' && entry.trim()) return { uid: entry.trim() };
	if (!isObj(entry)) return undefined;
	const uid = entry.uid ?? entry.document_uid ?? entry.id;
	if (typeof uid !== 'string' || !uid) return undefined;
	const field = entry.name ?? entry.key ?? entry.field;
	const fileName = entry.filename ?? entry.file_name ?? entry.fileName;
	return {
		uid,
		field: typeof field === 'string' ? field : undefined,
		fileName: typeof fileName === 'string' ? fileName : undefined,
		digest: typeof entry.digest === 'string' ? entry.digest : undefined,
	};
}

/** Upload answers: one object, an array, a bare uid, or a map uid → info. */
export function parseUploadResult(body: unknown): UploadedDocument[] | undefined {
	const payload = payloadOf(body);
	if (Array.isArray(payload)) {
		const docs = payload.map(uploadedFrom);
		return docs.every((d) => d) ? (docs as UploadedDocument[]) : undefined;
	}
	const single = uploadedFrom(payload);
	if (single) return [single];
	if (isObj(payload)) {
		for (const key of ['documents', 'files', 'uploaded']) {
			if (Array.isArray(payload[key])) return parseUploadResult({ details: payload[key] });
		}
		const entries = Object.entries(payload).filter(([, v]) => isObj(v));
		if (entries.length) {
			return entries.map(([uid, v]) => ({ ...uploadedFrom({ uid, ...(v as Obj) })!, uid }));
		}
	}
	return undefined;
}
