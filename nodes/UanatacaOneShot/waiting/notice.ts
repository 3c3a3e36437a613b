/**
 * The Optimizer's notices to {{ $execution.resumeUrl }} while an execution waits for a signature
 * (Sign, Sign via Signing Page): reading one, and the answers that keep the execution waiting.
 */
import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { answer } from '../../shared/callbacks/answer';
import { readBody } from '../../shared/callbacks/incoming';
import type { NormalizedCallback } from '../../shared/callbacks/normalize';
import { BadCallback, normalizeCallback } from '../../shared/callbacks/normalize';

/** An empty 200: the notice was taken, the execution keeps waiting. */
export const KEEP_WAITING: IWebhookResponseData = { webhookResponse: '' };

/** The notice, or the answer refusing a body that is not one. */
export async function readNotice(
	this: IWebhookFunctions,
): Promise<{ event: NormalizedCallback } | { refused: IWebhookResponseData }> {
	try {
		return { event: normalizeCallback((await readBody.call(this)).value) };
	} catch (error) {
		const status = error instanceof BadCallback ? error.httpStatus : 400;
		return { refused: answer.call(this, status, 'Not a One-Shot notification') };
	}
}

/** The answer when the signature cannot be confirmed now: a sender that retries tries again. */
export function retryLater(this: IWebhookFunctions): IWebhookResponseData {
	return answer.call(this, 503, 'The signature could not be confirmed yet; please retry');
}

/**
 * A cancellation neither carrying the callback key nor confirmed by the Optimizer
 * (../../shared/callbacks/callbackKey): refused, the execution keeps waiting.
 */
export function unconfirmedCancellation(this: IWebhookFunctions): IWebhookResponseData {
	this.logger.warn(
		'Uanataca One-Shot: a cancellation notice without the callback key, not confirmed by the Optimizer, was ignored; still waiting',
	);
	return answer.call(this, 403, 'Cancellation not confirmed');
}
