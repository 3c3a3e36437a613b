/**
 * How "signed" is confirmed with the Optimizer, for everything that waits for a signature: the
 * signed copy of the request's first document can be downloaded (the documented evidence,
 * docs/optimizer-api.md#statuses-and-asynchronous-mode). A notice or an answer that says "signed" is never taken on its word.
 */
import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import { signedCopyIfReady, signedDocumentExists } from '../files/download';
import type { OneShotContext, OneShotCredentials } from '../transport';
import type { SignedDocumentsOutput } from './copies';
import { documentsOutput, downloadSignedCopies } from './copies';

/** Whether the first document has a signed copy; false without documents. Failures are thrown. */
export async function hasSignedCopy(
	this: OneShotContext,
	credentials: OneShotCredentials,
	requestPk: number,
	uids: string[],
	options: { itemIndex?: number; timeoutMs?: number } = {},
): Promise<boolean> {
	if (!uids.length) return false;
	return await signedDocumentExists.call(this, credentials, requestPk, uids[0], options);
}

export interface SignedCheck {
	signed: boolean;
	/** The signed copies, when asked for and signed. */
	documents?: SignedDocumentsOutput;
}

/**
 * Whether the request is signed and, when `wanted`, its signed copies: then the download of the
 * first copy is the check itself, not a second request.
 */
export async function checkSigned(
	this: IExecuteFunctions | IWebhookFunctions,
	credentials: OneShotCredentials,
	requestPk: number,
	uids: string[],
	wanted: { prefix: string } | undefined,
	itemIndex?: number,
): Promise<SignedCheck> {
	if (!wanted) {
		return { signed: await hasSignedCopy.call(this, credentials, requestPk, uids, { itemIndex }) };
	}
	const first = await signedCopyIfReady.call(this, credentials, requestPk, uids[0], itemIndex);
	if (!first) return { signed: false };
	const copies = await downloadSignedCopies.call(this, credentials, requestPk, uids, {
		prefix: wanted.prefix,
		itemIndex,
		first,
	});
	return { signed: true, documents: documentsOutput(copies) };
}

/** The signed copies of documents known to be signed, as the action node outputs them. */
export async function signedDocuments(
	this: IExecuteFunctions | IWebhookFunctions,
	credentials: OneShotCredentials,
	requestPk: number,
	uids: string[],
	prefix: string,
	itemIndex?: number,
): Promise<SignedDocumentsOutput> {
	const copies = await downloadSignedCopies.call(this, credentials, requestPk, uids, {
		prefix,
		itemIndex,
	});
	return documentsOutput(copies);
}
