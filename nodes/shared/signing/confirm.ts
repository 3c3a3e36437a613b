/**
 * Optional calls to the Optimizer made before a callback is emitted: confirming the reported
 * status, and downloading the signed documents of a finished request. Both go through the
 * package's only HTTP layer (../UanatacaOneShot/transport).
 */
import type { IBinaryKeyData, IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { downloadSigned, signedDocumentExists } from '../files/download';
import type { OneShotCredentials } from '../transport';
import { oneShotApiRequest } from '../transport';
import { resolveRoute } from '../transport/endpoints';
import { reportsIssued } from './status';
import type { NormalizedCallback } from '../callbacks/normalize';

const CONFIRM_TIMEOUT_MS = 15_000;

export interface Confirmation {
	confirmed: boolean;
	/** How it was checked: the request's status, a signed document, or not at all. */
	method: 'getRequest' | 'signedDocument' | 'none';
	/** Status the Optimizer reports now (getRequest only). */
	currentStatus: string | null;
	reason: string;
	/** true when a later retry of the same callback could succeed (network or server error). */
	retryable: boolean;
}

export interface SignedDocument {
	uid: string;
	binaryPropertyName: string;
	fileName: string;
	mimeType: string;
}

export interface SignedDocuments {
	documents: SignedDocument[];
	binary: IBinaryKeyData;
	/** Why some or all documents could not be downloaded. */
	error?: string;
}

interface CallFailure {
	httpCode?: number;
	message: string;
}

function failureOf(error: unknown): CallFailure {
	const e = error as { httpCode?: unknown; message?: unknown };
	const code = Number(e?.httpCode);
	const message = typeof e?.message === 'string' ? e.message : 'unknown error';
	return {
		httpCode: Number.isInteger(code) && code > 0 ? code : undefined,
		message: message.length > 200 ? `${message.slice(0, 200)}…` : message,
	};
}

function isTransient(failure: CallFailure) {
	return failure.httpCode === undefined || failure.httpCode === 429 || failure.httpCode >= 500;
}

/** Status rank in the lifecycle (oneshot-api.md section 3.2); CANCELLED is handled apart. */
const RANK: Record<string, number> = {
	VIDEOPENDING: 1,
	VIDEOINCOMPLETE: 2,
	VIDEOERROR: 2,
	VIDEOREVIEW: 3,
	CREATED: 4,
	ENROLLREADY: 5,
	ISSUED: 6,
	RENEWED: 7,
};

/**
 * Whether the status the Optimizer reports now is compatible with the status a callback
 * claims: the same, or one the request can only have reached afterwards (callbacks may arrive
 * late or out of order).
 */
export function isConsistent(claimed: string, current: string): boolean {
	if (claimed === current) return true;
	if (current === 'CANCELLED') return claimed !== 'ISSUED' && claimed !== 'RENEWED';
	if (claimed === 'CANCELLED') return false;
	const from = RANK[claimed];
	const to = RANK[current];
	return from !== undefined && to !== undefined && to > from;
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Request status in a Get Request answer of either generation. */
export function statusFromAnswer(body: unknown): { status?: string; pk?: number } {
	if (!isObject(body)) return {};
	for (const candidate of [body.details, body.detail, body.data, body.request, body]) {
		if (!isObject(candidate)) continue;
		const status = candidate.status;
		if (typeof status === 'string' && /^[A-Z][A-Z_]{2,39}$/.test(status.trim())) {
			const pk = Number(candidate.pk ?? candidate.request_pk);
			return { status: status.trim(), pk: Number.isSafeInteger(pk) ? pk : undefined };
		}
	}
	return {};
}

const NOT_AVAILABLE =
	'Confirmation is not available on this Optimizer: it has no "get request" endpoint.';

async function confirmByGetRequest(
	this: IWebhookFunctions,
	credentials: OneShotCredentials,
	event: NormalizedCallback,
): Promise<Confirmation | 'unavailable'> {
	if (!resolveRoute(credentials.apiGeneration, 'request.tryGet', { requestPk: event.requestPk })) {
		return 'unavailable';
	}
	try {
		const answer = await oneShotApiRequest.call(
			this,
			{
				endpoint: 'request.tryGet',
				params: { requestPk: event.requestPk },
				timeoutMs: CONFIRM_TIMEOUT_MS,
			},
			credentials,
		);
		const { status, pk } = statusFromAnswer(answer.body);
		if (!status) {
			return {
				confirmed: false,
				method: 'getRequest',
				currentStatus: null,
				reason: 'The Optimizer answered without a request status',
				retryable: false,
			};
		}
		if (pk !== undefined && pk !== event.requestPk) {
			return {
				confirmed: false,
				method: 'getRequest',
				currentStatus: status,
				reason: `The Optimizer answered about another request (${pk})`,
				retryable: false,
			};
		}
		const confirmed = isConsistent(event.status, status);
		return {
			confirmed,
			method: 'getRequest',
			currentStatus: status,
			reason: confirmed
				? `The Optimizer reports status ${status}`
				: `The Optimizer reports status ${status}, which contradicts ${event.status}`,
			retryable: false,
		};
	} catch (error) {
		const failure = failureOf(error);
		const routeMissing =
			failure.httpCode === 405 ||
			(failure.httpCode === 404 &&
				credentials.apiGeneration === 'current' &&
				/^\s*not found\.?\s*$/i.test(failure.message));
		if (routeMissing) return 'unavailable';
		if (failure.httpCode === 404 || failure.httpCode === 400) {
			return {
				confirmed: false,
				method: 'getRequest',
				currentStatus: null,
				reason: `The Optimizer does not know request ${event.requestPk}`,
				retryable: false,
			};
		}
		return {
			confirmed: false,
			method: 'getRequest',
			currentStatus: null,
			reason: `The Optimizer could not be asked: ${failure.message}`,
			retryable: isTransient(failure),
		};
	}
}

async function fetchSigned(
	this: IWebhookFunctions,
	credentials: OneShotCredentials,
	requestPk: number,
	uid: string,
) {
	const binary = await downloadSigned.call(this, credentials, requestPk, uid);
	return { binary, fileName: binary.fileName ?? `${uid}.pdf`, mimeType: binary.mimeType };
}

/** UIDs of the request's documents: from the callback URL, else listed (legacy Optimizer only). */
async function documentUidsFor(
	this: IWebhookFunctions,
	credentials: OneShotCredentials,
	requestPk: number,
	given: string[],
): Promise<{ uids: string[]; error?: string }> {
	if (given.length) return { uids: given };
	if (!resolveRoute(credentials.apiGeneration, 'document.getMany', { requestPk })) {
		return {
			uids: [],
			error:
				'The document UIDs are unknown: this Optimizer cannot list documents, so add documentUids=<uid1>,<uid2> to the callback URL',
		};
	}
	try {
		const answer = await oneShotApiRequest.call(
			this,
			{ endpoint: 'document.getMany', params: { requestPk }, timeoutMs: CONFIRM_TIMEOUT_MS },
			credentials,
		);
		const body = answer.body as IDataObject | undefined;
		const details = isObject(body) ? (body.details ?? body.detail) : undefined;
		const uids = isObject(details)
			? Object.keys(details)
			: Array.isArray(details)
				? details
						.map((d) => (isObject(d) ? String(d.uid ?? '') : String(d ?? '')))
						.filter((uid) => uid !== '')
				: [];
		return uids.length
			? { uids: uids.slice(0, 20) }
			: { uids: [], error: 'The request has no documents' };
	} catch (error) {
		const failure = failureOf(error);
		if (failure.httpCode === 404) return { uids: [], error: 'The request has no documents' };
		return { uids: [], error: `The documents could not be listed: ${failure.message}` };
	}
}

/** Downloads every signed document of a finished request into binary properties `signed_<n>`. */
export async function downloadSignedDocuments(
	this: IWebhookFunctions,
	credentials: OneShotCredentials,
	event: NormalizedCallback,
	givenUids: string[],
): Promise<SignedDocuments> {
	const result: SignedDocuments = { documents: [], binary: {} };
	const { uids, error } = await documentUidsFor.call(this, credentials, event.requestPk, givenUids);
	const errors: string[] = error ? [error] : [];
	for (const uid of uids) {
		try {
			const fetched = await fetchSigned.call(this, credentials, event.requestPk, uid);
			const binaryPropertyName = `signed_${result.documents.length}`;
			result.binary[binaryPropertyName] = fetched.binary;
			result.documents.push({
				uid,
				binaryPropertyName,
				fileName: fetched.fileName,
				mimeType: fetched.mimeType,
			});
		} catch (e) {
			errors.push(`Document ${uid}: ${failureOf(e).message}`);
		}
	}
	if (errors.length) result.error = errors.join('; ');
	return result;
}

/**
 * Asks the Optimizer whether the callback tells the truth.
 * 1. Get Request (legacy; tried on the current generation, where it is undocumented).
 * 2. Where that is not available: an ISSUED / REQUEST_ENROLLED claim is confirmed when a signed
 *    document can be downloaded (document UIDs from the callback URL). Any other claim cannot be
 *    confirmed there.
 */
export async function confirmCallback(
	this: IWebhookFunctions,
	credentials: OneShotCredentials,
	event: NormalizedCallback,
	documentUids: string[],
): Promise<Confirmation> {
	const byRequest = await confirmByGetRequest.call(this, credentials, event);
	if (byRequest !== 'unavailable') return byRequest;
	if (!reportsIssued(event)) {
		return {
			confirmed: false,
			method: 'none',
			currentStatus: null,
			reason: `${NOT_AVAILABLE} Only ISSUED / REQUEST_ENROLLED callbacks can be confirmed there, through their signed documents.`,
			retryable: false,
		};
	}
	if (!documentUids.length) {
		return {
			confirmed: false,
			method: 'none',
			currentStatus: null,
			reason: `${NOT_AVAILABLE} Add documentUids=<uid> to the callback URL to confirm signatures through the signed document.`,
			retryable: false,
		};
	}
	try {
		const exists = await signedDocumentExists.call(
			this,
			credentials,
			event.requestPk,
			documentUids[0],
			{ timeoutMs: CONFIRM_TIMEOUT_MS },
		);
		if (!exists) {
			return {
				confirmed: false,
				method: 'signedDocument',
				currentStatus: null,
				reason: 'No signed document could be downloaded: the Optimizer has no signed copy yet',
				retryable: false,
			};
		}
		return {
			confirmed: true,
			method: 'signedDocument',
			currentStatus: null,
			reason: 'A signed document could be downloaded',
			retryable: false,
		};
	} catch (error) {
		const failure = failureOf(error);
		return {
			confirmed: false,
			method: 'signedDocument',
			currentStatus: null,
			reason: `No signed document could be downloaded: ${failure.message}`,
			retryable: isTransient(failure),
		};
	}
}
