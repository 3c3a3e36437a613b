/**
 * The trigger's optional confirmation of a callback with the Optimizer before it is emitted: the
 * request's status now, or (where that cannot be asked) the signed copy, as Sign confirms it
 * (./signed). Statuses and their order: docs/optimizer-api.md#statuses-and-asynchronous-mode.
 */
import type { IWebhookFunctions } from 'n8n-workflow';

import type { NormalizedCallback } from '../callbacks/normalize';
import type { OneShotCredentials } from '../transport';
import { oneShotApiRequest } from '../transport';
import { resolveRoute } from '../transport/endpoints';
import { failureOf, isTransient } from './failure';
import { NOTICE_CALL_TIMEOUT_MS as CONFIRM_TIMEOUT_MS, isObject } from './noticeDocuments';
import { hasSignedCopy } from './signed';
import { reportsIssued } from './status';

/** The trigger's download of the signed documents, beside its confirmation. */
export { downloadSignedDocuments } from './noticeDocuments';

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

/** Status rank in the lifecycle (docs/optimizer-api.md#statuses-and-asynchronous-mode); CANCELLED is handled apart. */
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
		const exists = await hasSignedCopy.call(this, credentials, event.requestPk, documentUids, {
			timeoutMs: CONFIRM_TIMEOUT_MS,
		});
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
