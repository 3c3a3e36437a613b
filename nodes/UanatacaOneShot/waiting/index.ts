/**
 * The node's waiting webhooks, never registered as live routes; n8n serves them while an
 * execution waits at this node (and checks its resume token):
 * - POST /webhook-waiting/<executionId> (`{{ $execution.resumeUrl }}`): the Optimizer's notices to
 *   a parked Sign (./signCompletion; several items: ./signBatchWebhook) or Sign via Signing Page
 *   (./signingPage);
 * - GET and POST /webhook-waiting/<executionId>/page (`{{ $execution.resumeUrl }}/page`): the
 *   signing page of Sign via Signing Page, its documents and its actions (./signingPage).
 */
import type { IWebhookDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { decodeBatchState } from '../../shared/signing/batchProgress';
import { signBatchWebhook } from './signBatchWebhook';
import { WAIT_STATE_KEY, signCompletionWebhook } from './signCompletion';
import { PAGE_PATH, isPageRequest } from './signingPage/common';
import { signingPageWebhook } from './signingPage/webhook';

function waitingWebhook(httpMethod: 'GET' | 'POST', path: string): IWebhookDescription {
	return {
		name: 'default',
		httpMethod,
		responseMode: 'onReceived',
		responseData: 'noData',
		path,
		restartWebhook: true,
	};
}

export const waitingWebhooks: IWebhookDescription[] = [
	waitingWebhook('POST', ''),
	waitingWebhook('GET', PAGE_PATH),
	waitingWebhook('POST', PAGE_PATH),
];

/** The node's `webhook`: the waiting node's own operation says what waits. */
export async function dispatchWaitingWebhook(
	this: IWebhookFunctions,
): Promise<IWebhookResponseData> {
	let operation: unknown;
	try {
		operation = this.getNodeParameter('operation', '');
	} catch {
		operation = '';
	}
	if (operation === 'signViaPage' || isPageRequest(this.getRequestObject())) {
		return await signingPageWebhook.call(this);
	}
	const batch = decodeBatchState(this.customData.get(WAIT_STATE_KEY));
	if (batch) return await signBatchWebhook.call(this, batch);
	return await signCompletionWebhook.call(this);
}
