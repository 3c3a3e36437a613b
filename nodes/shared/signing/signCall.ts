/**
 * The Sign call to the Optimizer and how its answer is read: signed at once, or accepted and
 * signing in the background (asynchronous mode, docs/optimizer-api.md#sign).
 */
import type { IDataObject } from 'n8n-workflow';

import { messageOf } from '../responses';
import type { OneShotContext, OneShotCredentials } from '../transport';
import { oneShotApiRequest } from '../transport';

/** The Optimizer may take minutes to sign synchronously. */
const SIGN_TIMEOUT_MS = 300_000;

/** Whether the Sign answer says the signature was accepted and completes in the background. */
export function acceptedForBackground(message: string | null | undefined): boolean {
	return /going to be signed|few seconds|in progress|accepted/i.test(message ?? '');
}

export interface SignAnswer {
	message: string | null;
	/** accepted, signing in the background (asynchronous mode) */
	accepted: boolean;
}

/** Signs the request's documents; `secrets` (the code) never appear in errors or logs. */
export async function callSign(
	this: OneShotContext,
	credentials: OneShotCredentials,
	requestPk: number,
	body: IDataObject,
	secrets: string[],
	itemIndex?: number,
): Promise<SignAnswer> {
	const response = await oneShotApiRequest.call(
		this,
		{
			endpoint: 'request.sign',
			params: { requestPk },
			body,
			itemIndex,
			secrets,
			timeoutMs: SIGN_TIMEOUT_MS,
		},
		credentials,
	);
	const message = messageOf(response.body) ?? null;
	return { message, accepted: acceptedForBackground(message) };
}
