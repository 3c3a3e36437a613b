/**
 * The signed documents of a request a notice reports signed, for the trigger's output: every
 * document that can be fetched, and why the others could not.
 */
import type { IBinaryKeyData, IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { NormalizedCallback } from '../callbacks/normalize';
import type { OneShotCredentials } from '../transport';
import { oneShotApiRequest } from '../transport';
import { resolveRoute } from '../transport/endpoints';
import { downloadSignedCopies } from './copies';
import { failureOf } from './failure';

export const NOTICE_CALL_TIMEOUT_MS = 15_000;

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

export function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function uidsInList(body: unknown): string[] {
	const details = isObject(body) ? (body.details ?? body.detail) : undefined;
	if (isObject(details)) return Object.keys(details);
	if (!Array.isArray(details)) return [];
	return details
		.map((d) => (isObject(d) ? String(d.uid ?? '') : String(d ?? '')))
		.filter((uid) => uid !== '');
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
			{ endpoint: 'document.getMany', params: { requestPk }, timeoutMs: NOTICE_CALL_TIMEOUT_MS },
			credentials,
		);
		const uids = uidsInList(answer.body);
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
	const { uids, error } = await documentUidsFor.call(this, credentials, event.requestPk, givenUids);
	const signed = await downloadSignedCopies.call(this, credentials, event.requestPk, uids, {
		keepGoing: true,
	});
	const result: SignedDocuments = {
		binary: signed.binary,
		documents: signed.copies.map((copy) => ({
			uid: copy.uid,
			binaryPropertyName: copy.binaryPropertyName,
			fileName: copy.data.fileName ?? `${copy.uid}.pdf`,
			mimeType: copy.data.mimeType,
		})),
	};
	const errors = [
		...(error ? [error] : []),
		...signed.failures.map((f) => `Document ${f.uid}: ${failureOf(f.error).message}`),
	];
	if (errors.length) result.error = errors.join('; ');
	return result;
}
