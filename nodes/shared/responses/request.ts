/** Answers about signature requests: Create, Get, the async status. */
import {
	firstText,
	isObj,
	messageOf,
	payloadOf,
	scalarText,
	toBool,
	toPositiveInt,
} from './envelope';

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
	const raw = scalarText(payload.status);
	// the envelope's own status ("200 OK", "success") is not a request status
	const status = raw && /^[A-Z][A-Z_]+$/.test(raw) ? raw : null;
	if (!status && payload.pk === undefined && payload.given_name === undefined) return undefined;
	const phone = scalarText(payload.mobile_phone_number);
	return {
		requestPk: toPositiveInt(payload.pk) ?? requestPk,
		status,
		profile: scalarText(payload.profile),
		registrationAuthority: scalarText(payload.registration_authority),
		scratchcard: scalarText(payload.scratchcard),
		videoIdMode: toBool(payload.videoid_mode) ?? null,
		signer: {
			givenName: scalarText(payload.given_name),
			surname1: scalarText(payload.surname_1),
			surname2: scalarText(payload.surname_2) || null,
			email: scalarText(payload.email),
			// the legacy example gives the number without "+" (34600123123)
			mobilePhoneNumber: phone && /^\d+$/.test(phone) ? `+${phone}` : phone,
			serialNumber: scalarText(payload.serial_number),
			idDocumentType: scalarText(payload.id_document_type),
			idDocumentCountry: scalarText(payload.id_document_country ?? payload.country_name),
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
