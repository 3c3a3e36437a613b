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

function text(value: unknown): string | null {
	if (value === undefined || value === null) return null;
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return null;
}

function firstText(source: Obj, keys: string[]): string | null {
	for (const key of keys) {
		const value = text(source[key]);
		if (value !== null && value !== '') return value;
	}
	return null;
}

const UID = /^[\w-]{8,}$/;

/** Image UID from an Upload Image answer (current: details.image_uid; legacy: details is the uid). */
export function parseImageUid(body: unknown): string | undefined {
	const payload = payloadOf(body);
	if (typeof payload === 'string' && UID.test(payload.trim())) return payload.trim();
	for (const source of [payload, body]) {
		if (isObj(source)) {
			const uid = firstText(source, ['image_uid', 'imageUid', 'uid', 'image']);
			if (uid && UID.test(uid)) return uid;
		}
	}
	const message = messageOf(body);
	const match = message ? /uid\W{0,3}([\w-]{8,})/i.exec(message) : null;
	return match ? match[1] : undefined;
}

export interface StoredFileInfo {
	uid: string;
	fileName: string | null;
	mimeType: string | null;
	extension: string | null;
	uploadDate: string | null;
	/** bytes, when the Optimizer reports a size in bytes */
	fileSize: number | null;
	/** pixels, when the Optimizer reports [width, height] (legacy image list) */
	width: number | null;
	height: number | null;
}

function storedFile(uid: string, value: unknown): StoredFileInfo {
	const v = isObj(value) ? value : {};
	const size = v.size;
	const dimensions =
		Array.isArray(size) && size.length === 2 && size.every((n) => Number.isFinite(Number(n)))
			? size.map(Number)
			: undefined;
	const bytes =
		!dimensions && Number.isFinite(Number(size)) && size !== null && size !== ''
			? Number(size)
			: null;
	return {
		uid,
		fileName: firstText(v, ['filename', 'file_name', 'fileName', 'name']),
		mimeType: firstText(v, ['mime', 'mimetype', 'mime_type', 'content_type']),
		extension: firstText(v, ['ext', 'extension']),
		uploadDate: firstText(v, ['upload_date', 'uploaded_at', 'date', 'created_at']),
		fileSize: bytes,
		width: dimensions ? dimensions[0] : null,
		height: dimensions ? dimensions[1] : null,
	};
}

/**
 * Legacy lists of documents (`GET documents/{pk}`) and images (`GET images`): a map uid → info
 * (documented), or an array of objects with a uid, or of bare uids (variants).
 */
export function parseStoredFileList(body: unknown): StoredFileInfo[] | undefined {
	const payload = payloadOf(body);
	if (Array.isArray(payload)) {
		const out: StoredFileInfo[] = [];
		for (const entry of payload) {
			if (typeof entry === 'string' && entry.trim()) out.push(storedFile(entry.trim(), {}));
			else if (isObj(entry)) {
				const uid = firstText(entry, ['uid', 'document_uid', 'image_uid', 'id']);
				if (uid) out.push(storedFile(uid, entry));
			}
		}
		return out;
	}
	if (isObj(payload)) {
		for (const key of ['documents', 'images', 'files']) {
			if (Array.isArray(payload[key]) || isObj(payload[key])) {
				return parseStoredFileList({ details: payload[key] });
			}
		}
		return Object.entries(payload)
			.filter(([key, value]) => key.toUpperCase() !== 'NOTE' && isObj(value))
			.map(([key, value]) => storedFile(key, value));
	}
	return undefined;
}

export interface VideoIdCreated {
	videoIdPk: number;
	requestPk: number | null;
	videoIdLink: string;
}

/**
 * Create Video ID: `details` (legacy) or `detail` (current example, whose message is spelled
 * "messsage") holding videoid_link, videoid_pk, request_pk.
 */
export function parseVideoIdCreated(body: unknown): VideoIdCreated | undefined {
	for (const source of [payloadOf(body), body]) {
		if (!isObj(source)) continue;
		const link = firstText(source, ['videoid_link', 'videoIdLink', 'link', 'url']);
		let videoIdPk = toPositiveInt(source.videoid_pk ?? source.videoIdPk ?? source.videoid);
		if (videoIdPk === undefined) {
			const message = messageOf(body);
			const match = message ? /videoid\D{0,20}?pk\D{0,5}(\d+)/i.exec(message) : null;
			videoIdPk = match ? toPositiveInt(match[1]) : undefined;
		}
		const requestPk =
			toPositiveInt(source.request_pk ?? source.requestPk ?? source.request) ?? null;
		if (link && videoIdPk !== undefined) return { videoIdPk, requestPk, videoIdLink: link };
	}
	return undefined;
}

export interface RequestInfo {
	requestPk: number;
	status: string | null;
	profile: string | null;
	registrationAuthority: string | null;
	scratchcard: string | null;
	videoIdMode: boolean | null;
	signer: {
		givenName: string | null;
		surname1: string | null;
		surname2: string | null;
		email: string | null;
		mobilePhoneNumber: string | null;
		serialNumber: string | null;
		idDocumentType: string | null;
		idDocumentCountry: string | null;
	};
	certificates: unknown[];
}

/** Get Request (legacy `details` object, or any envelope around the same fields). */
export function parseRequestInfo(requestPk: number, body: unknown): RequestInfo | undefined {
	let payload = payloadOf(body);
	if (isObj(payload) && isObj(payload.request)) payload = payload.request;
	if (!isObj(payload)) return undefined;
	const raw = text(payload.status);
	// the envelope's own status ("200 OK", "success") is not a request status
	const status = raw && /^[A-Z][A-Z_]+$/.test(raw) ? raw : null;
	if (!status && payload.pk === undefined && payload.given_name === undefined) return undefined;
	const phone = text(payload.mobile_phone_number);
	return {
		requestPk: toPositiveInt(payload.pk) ?? requestPk,
		status,
		profile: text(payload.profile),
		registrationAuthority: text(payload.registration_authority),
		scratchcard: text(payload.scratchcard),
		videoIdMode: toBool(payload.videoid_mode) ?? null,
		signer: {
			givenName: text(payload.given_name),
			surname1: text(payload.surname_1),
			surname2: text(payload.surname_2) || null,
			email: text(payload.email),
			// the legacy example gives the number without "+" (34600123123)
			mobilePhoneNumber: phone && /^\d+$/.test(phone) ? `+${phone}` : phone,
			serialNumber: text(payload.serial_number),
			idDocumentType: text(payload.id_document_type),
			idDocumentCountry: text(payload.id_document_country ?? payload.country_name),
		},
		certificates: Array.isArray(payload.certificate_set) ? payload.certificate_set : [],
	};
}

/** Async status (legacy): `details` is a word such as "approved" or "Unknown". */
export function parseAsyncStatus(body: unknown): string | undefined {
	const payload = payloadOf(body);
	if (typeof payload === 'string' && payload.trim()) return payload.trim();
	if (isObj(payload)) {
		const status = firstText(payload, ['status', 'async_status', 'state']);
		if (status) return status;
	}
	return undefined;
}

export interface OptimizerVersion {
	name: string | null;
	version: string | null;
	hostname: string | null;
	system: string | null;
	release: string | null;
	machine: string | null;
}

/** Version (legacy): details {info:{machine, version, release, hostname, system, processor}, version, name}. */
export function parseVersion(body: unknown): OptimizerVersion | undefined {
	const payload = payloadOf(body);
	if (typeof payload === 'string' && payload.trim()) {
		return {
			name: null,
			version: payload.trim(),
			hostname: null,
			system: null,
			release: null,
			machine: null,
		};
	}
	if (!isObj(payload)) return undefined;
	const info = isObj(payload.info) ? payload.info : {};
	const version = text(payload.version);
	if (!version && !isObj(payload.info)) return undefined;
	return {
		name: text(payload.name),
		version,
		hostname: text(info.hostname),
		system: text(info.system),
		release: text(info.release),
		machine: text(info.machine ?? info.processor),
	};
}
