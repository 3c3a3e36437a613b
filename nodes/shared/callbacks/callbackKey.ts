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
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'crypto';
import type { IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import { alwaysHide } from '../secrets';
import { ValidationError } from '../validation';
import { confirmCallback } from '../signing/confirm';
import { getOneShotCredentials } from '../transport';
import type { NormalizedCallback } from './normalize';

/** Execution custom-data key of the callback key (≤ 50 characters). */
export const CALLBACK_KEY_DATA = 'uanatacaOneShotCallbackKey';
/** Query parameter of the Callback URL carrying it. */
export const CALLBACK_KEY_PARAMETER = 'oneshotKey';

/**
 * The execution's custom data, where n8n offers it to nodes (n8n 1.x gives it to expressions
 * only): undefined where it does not.
 */
function customDataOf(context: IExecuteFunctions): IExecuteFunctions['customData'] | undefined {
	try {
		return context.customData ?? undefined;
	} catch {
		return undefined;
	}
}

/**
 * This execution's callback key, made on first use (one per execution: every Create shares it);
 * undefined where n8n keeps no custom data for nodes (then no key can protect the callback).
 */
export function optionalCallbackKey(this: IExecuteFunctions): string | undefined {
	const customData = customDataOf(this);
	if (!customData) return undefined;
	const existing = customData.get(CALLBACK_KEY_DATA);
	const key =
		typeof existing === 'string' && existing.length >= 24
			? existing
			: randomBytes(24).toString('base64url');
	if (key !== existing) customData.set(CALLBACK_KEY_DATA, key);
	// the Optimizer may echo the Callback URL in an error: the key is masked like a password
	alwaysHide(key);
	return key;
}

/** This execution's callback key, for the waits that need one (they need custom data anyway). */
export function callbackKey(this: IExecuteFunctions): string {
	const key = optionalCallbackKey.call(this);
	if (key === undefined) {
		throw new ValidationError(
			'This n8n version keeps no data for a waiting signature',
			'Waiting for the signature in this execution needs n8n 2.0 or newer. Update n8n, or choose "Check the Optimizer" in "How to Detect Completion".',
		);
	}
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

// --- signing page links --------------------------------------------------------------------------

/** Query parameter of a signing page link carrying the page's own key. */
export const PAGE_KEY_PARAMETER = 'pageKey';

/** The key of the signing page of one request in this execution (derived from the callback key). */
export function pageKeyFor(key: string, requestPk: number): string {
	return createHmac('sha256', key)
		.update(`oneshot-page-link.${requestPk}`)
		.digest('base64url')
		.slice(0, 27);
}

/**
 * The link to the signing page of `requestPk` in this execution: {{ $execution.resumeUrl }}/page
 * plus that page's key, so that the link of one signer opens no other page of the execution.
 */
export function signingPageUrl(this: IExecuteFunctions, itemIndex: number, requestPk: number) {
	const resumeUrl = String(this.evaluateExpression('{{ $execution.resumeUrl }}', itemIndex) ?? '');
	const key = optionalCallbackKey.call(this);
	if (!resumeUrl || key === undefined) return null;
	// n8n 2 resume URLs end in ?signature=…: the page path goes inside that value, as n8n reads it
	const separator = resumeUrl.includes('?') ? '&' : '?';
	return `${resumeUrl}/page${separator}${PAGE_KEY_PARAMETER}=${pageKeyFor(key, requestPk)}`;
}

/**
 * What the page link of a request says about its page: 'valid' (it carries that page's key),
 * 'wrong' (it carries another key: another page's link), 'missing' (a plain
 * {{ $execution.resumeUrl }}/page link, accepted by version 1 of the node only).
 */
export function pageLinkCheck(
	this: IWebhookFunctions,
	requestPk: number,
): 'valid' | 'wrong' | 'missing' {
	const value = (this.getQueryData() as IDataObject)[PAGE_KEY_PARAMETER];
	const given = typeof value === 'string' ? value : '';
	if (!given) return 'missing';
	let key: unknown;
	try {
		key = this.customData.get(CALLBACK_KEY_DATA);
	} catch {
		key = undefined;
	}
	const expected = typeof key === 'string' && key.length >= 24 ? pageKeyFor(key, requestPk) : '';
	const match = timingSafeEqual(digest(given), digest(expected));
	return match && expected !== '' ? 'valid' : 'wrong';
}
