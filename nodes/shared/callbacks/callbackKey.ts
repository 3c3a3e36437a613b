/**
 * Who may end a waiting execution as "cancelled". The resume URL ({{ $execution.resumeUrl }}) is
 * also the base of the signing page's link (…/page), so anyone holding a signer's link can post a
 * notice to it. A cancellation is therefore believed only when
 * 1. the Optimizer confirms it (its "get request" endpoint reports the request CANCELLED), or
 * 2. it carries the execution's callback key: a random value that Create adds to the Callback URL
 *    when that URL is this execution's resume URL, kept in the execution's custom data (never in
 *    an output), compared in constant time. The page link does not carry it.
 * Signature claims need no key: they are always confirmed with the Optimizer (../signing/signed).
 */
import { createHash, randomBytes, timingSafeEqual } from 'crypto';
import type { IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import { alwaysHide } from '../secrets';
import { confirmCallback } from '../signing/confirm';
import { getOneShotCredentials } from '../transport';
import type { NormalizedCallback } from './normalize';

/** Execution custom-data key of the callback key (≤ 50 characters). */
export const CALLBACK_KEY_DATA = 'uanatacaOneShotCallbackKey';
/** Query parameter of the Callback URL carrying it. */
export const CALLBACK_KEY_PARAMETER = 'oneshotKey';

/** This execution's callback key, made on first use (one per execution: every Create shares it). */
export function callbackKey(this: IExecuteFunctions): string {
	const existing = this.customData.get(CALLBACK_KEY_DATA);
	const key =
		typeof existing === 'string' && existing.length >= 24
			? existing
			: randomBytes(24).toString('base64url');
	if (key !== existing) this.customData.set(CALLBACK_KEY_DATA, key);
	// the Optimizer may echo the Callback URL in an error: the key is masked like a password
	alwaysHide(key);
	return key;
}

/** The Callback URL with the key added (the resume token and other parameters kept). */
export function withCallbackKey(url: string, key: string): string {
	const parsed = new URL(url);
	parsed.searchParams.set(CALLBACK_KEY_PARAMETER, key);
	return parsed.toString();
}

function digest(value: string): Buffer {
	return createHash('sha256').update(value, 'utf8').digest();
}

/** Whether the notice carries this execution's callback key (constant time). */
export function carriesCallbackKey(this: IWebhookFunctions): boolean {
	let expected: unknown;
	try {
		expected = this.customData.get(CALLBACK_KEY_DATA);
	} catch {
		return false;
	}
	const value = (this.getQueryData() as IDataObject)[CALLBACK_KEY_PARAMETER];
	const given = typeof value === 'string' ? value : '';
	const match = timingSafeEqual(digest(given), digest(String(expected ?? '')));
	return match && typeof expected === 'string' && expected.length >= 24 && given.length > 0;
}

/**
 * Whether a cancellation notice may end the waiting execution: it carries the callback key, or
 * the Optimizer confirms the request is cancelled. Anything else keeps the execution waiting.
 */
export async function cancellationConfirmed(
	this: IWebhookFunctions,
	event: NormalizedCallback,
): Promise<boolean> {
	if (carriesCallbackKey.call(this)) return true;
	try {
		const credentials = await getOneShotCredentials.call(this);
		const confirmation = await confirmCallback.call(this, credentials, event, []);
		return confirmation.confirmed && confirmation.method === 'getRequest';
	} catch {
		return false;
	}
}
