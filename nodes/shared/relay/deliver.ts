/**
 * Handing one notice of the registration authority's webhook to the execution waiting for its
 * request (docs/relay.md): found through ./lookup, POSTed to the resume URL it registered, where
 * the parked node confirms it with the Optimizer as for a notice the Optimizer sent there itself.
 *
 * - n8n answers 409 while the execution is running or being stored, and when it was resumed
 *   already: the trigger asks the API which, and retries with capped back-off in the first case;
 * - a final notice (signed, cancelled) that finds no registration is looked up again, for a
 *   bounded time, while executions that could still park are running: the one waiting for it
 *   may not be stored yet;
 * - anything else: nobody waits for the request, the trigger starts its own workflow.
 *
 * The resume URL carries n8n's resume token: it is never logged nor shown.
 */
import type { IWebhookFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { CALLBACK_KEY_PARAMETER } from '../callbacks/callbackKey';
import type { N8nApi, WaitingExecution } from './lookup';
import { anyRunning, executionStatus, findWaiting, forgetExecution } from './lookup';

/** How long one notice may look for its execution (the trigger has answered the sender). */
export const RELAY_LIMIT_MS = 60_000;
const FIRST_DELAY_MS = 200;
const MAX_DELAY_MS = 2_000;
const POST_TIMEOUT_MS = 30_000;
const MAX_API_FAILURES = 4;

export interface Notice {
	requestPk: number;
	/** signed or cancelled: worth waiting for an execution that is not parked yet */
	final: boolean;
	/** the body as received, and its content type */
	body: string;
	contentType: string;
	/**
	 * whether the trigger authenticated the sender (token, header or basic auth): only then does
	 * the notice carry the execution's callback key, which makes a cancellation believed
	 */
	authenticated: boolean;
}

export type RelayOutcome =
	| { delivered: true; executionId: string; status: number }
	| { delivered: false; reason: 'notWaited' | 'unreachable' | 'timeLimit' };

type Attempt = 'delivered' | 'retry' | 'gone';

function delay(attempt: number): number {
	return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt);
}

async function post(this: IWebhookFunctions, url: string, notice: Notice): Promise<number> {
	try {
		const response = (await this.helpers.httpRequest({
			method: 'POST',
			url,
			body: notice.body,
			headers: { 'content-type': notice.contentType || 'application/json' },
			json: false,
			timeout: POST_TIMEOUT_MS,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode: number };
		return response.statusCode;
	} catch {
		return 0; // not reached: retried like a 5xx
	}
}

async function attempt(
	this: IWebhookFunctions,
	api: N8nApi,
	target: WaitingExecution,
	notice: Notice,
): Promise<{ result: Attempt; status: number }> {
	const url = new URL(target.registration.resumeUrl);
	if (!notice.authenticated) url.searchParams.delete(CALLBACK_KEY_PARAMETER);
	const status = await post.call(this, url.toString(), notice);
	// 2xx: taken (resumed or still waiting); 401/403/422: refused by the parked node or by n8n,
	// e.g. an unconfirmed cancellation: the execution has seen it and keeps waiting
	if (status >= 200 && status < 300) return { result: 'delivered', status };
	if (status === 404) return { result: 'gone', status };
	if (status >= 400 && status < 500 && status !== 409 && status !== 429) {
		return { result: 'delivered', status };
	}
	if (status === 409) {
		const now = await executionStatus.call(this, api, target.executionId).catch(() => 'unknown');
		// resumed (running again, or ended) since it registered: it no longer waits
		if (now !== 'waiting' && now !== 'new' && now !== 'unknown') return { result: 'gone', status };
	}
	return { result: 'retry', status };
}

/** Relays one notice; never throws (the API unreachable is an outcome). */
export async function relayNotice(
	this: IWebhookFunctions,
	api: N8nApi,
	notice: Notice,
): Promise<RelayOutcome> {
	const started = Date.now();
	const deadline = started + RELAY_LIMIT_MS;
	let hadWaiter = false;
	let failures = 0;
	for (let round = 0; ; round++) {
		let target: WaitingExecution | undefined;
		try {
			target = await findWaiting.call(this, api, notice.requestPk, Date.now());
			if (!target) {
				if (hadWaiter || !notice.final) return { delivered: false, reason: 'notWaited' };
				if (!(await anyRunning.call(this, api))) return { delivered: false, reason: 'notWaited' };
			}
		} catch {
			// the API refused or could not be reached several times in a row: do not hold the notice
			failures++;
			if (failures >= MAX_API_FAILURES || Date.now() + delay(round) > deadline) {
				return { delivered: false, reason: 'unreachable' };
			}
			await sleep(delay(round));
			continue;
		}
		failures = 0;
		if (target) {
			hadWaiter = true;
			const { result, status } = await attempt.call(this, api, target, notice);
			// read again next time: after a final notice it has usually resumed
			if (result !== 'retry') forgetExecution(api, target.executionId);
			if (result === 'delivered') {
				return { delivered: true, executionId: target.executionId, status };
			}
		}
		if (Date.now() + delay(round) > deadline) return { delivered: false, reason: 'timeLimit' };
		await sleep(delay(round));
	}
}
