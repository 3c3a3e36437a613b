/**
 * Reading and normalising a One-Shot callback body (docs/optimizer-api.md#callbacks).
 *
 * Two documented shapes are accepted, whatever the Content-Type they arrive with:
 * - format A "status change": `{status, date, previous_status, request: <pk>, registration_authority}`
 * - format B "event": `{event_type, sent_at, request: {pk, status, registration_authority, ...}, certificates}`
 *
 * Everything here is pure: no n8n context, no I/O. Anything that is not a well-formed callback
 * raises a `BadCallback` (./structure) with a short message that never contains values from the
 * body. The body is parsed first (./body); dates are read by ./dates.
 */
import { parseCertificateDate, parseCompactDate, parseFlatDate } from './dates';
import type { Plain } from './structure';
import {
	BadCallback,
	MAX_CERTIFICATES,
	assertSafeStructure,
	has,
	isPlainObject,
	own,
} from './structure';

export { BadCallback } from './structure';

const STATUS_PATTERN = /^[A-Z][A-Z0-9_]{1,39}$/;
const EVENT_PATTERN = /^[A-Z][A-Z0-9_]{1,59}$/;

/** Event type given to format A callbacks, which carry no event type of their own. */
export const STATUS_CHANGED = 'STATUS_CHANGED';

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
	/**
	 * 'sent': occurredAt is the callback's own date; 'received': the callback had none (the
	 * webhook page lists the date "when present") and occurredAt is when it arrived.
	 */
	occurredAtSource: 'sent' | 'received';
	/**
	 * The timestamp exactly as sent (keeps format A's microseconds; used for de-duplication);
	 * '' when the callback had no date.
	 */
	timestampRaw: string;
	registrationAuthority: number | string | null;
	certificates: CallbackCertificate[];
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

/**
 * When it happened: the callback's own date, or, when it has none (the webhook page lists the
 * date "when present", docs/optimizer-api.md#callbacks), the time it was received, said so. A date that
 * is there but unreadable is still refused.
 */
function when(
	value: unknown,
	field: string,
	parse: (value: unknown) => string | undefined,
): Pick<NormalizedCallback, 'occurredAt' | 'occurredAtSource' | 'timestampRaw'> {
	if (value === undefined || value === null || value === '') {
		return { occurredAt: new Date().toISOString(), occurredAtSource: 'received', timestampRaw: '' };
	}
	const occurredAt = parse(value);
	if (!occurredAt) throw new BadCallback(`"${field}" is not a valid date`);
	return { occurredAt, occurredAtSource: 'sent', timestampRaw: timestampText(value) };
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
	return {
		format: 'event',
		requestPk: pk,
		status,
		previousStatus: previous,
		eventType,
		...when(dateValue, 'sent_at', (v) => parseCompactDate(v) ?? parseFlatDate(v)),
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
	return {
		format: 'status',
		requestPk: pk,
		status,
		previousStatus: readPrevious(own(body, 'previous_status')),
		eventType: STATUS_CHANGED,
		...when(own(body, 'date'), 'date', (v) => parseFlatDate(v) ?? parseCompactDate(v)),
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
