/**
 * The waiting webhook of a parked batch of Sign (./signBatch): the Optimizer's notices at
 * {{ $execution.resumeUrl }} for any of its requests. The execution resumes once, when every
 * request has an outcome: signed (confirmed with the Optimizer), cancelled (a notice carrying the
 * callback key, or confirmed by the Optimizer), or, at the time limit, timed out.
 *
 * n8n keeps nothing this webhook changes: each notice recomputes the progress from the requests
 * n8n stored with the parked execution (the node's timed-out output, its input here) and from the
 * Optimizer, with this process's memory as a cache only (../../shared/signing/batchProgress).
 */
import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { answer } from '../../shared/callbacks/answer';
import { cancellationConfirmed, carriesCallbackKey } from '../../shared/callbacks/callbackKey';
import { readBody } from '../../shared/callbacks/incoming';
import type { NormalizedCallback } from '../../shared/callbacks/normalize';
import { BadCallback, normalizeCallback } from '../../shared/callbacks/normalize';
import type { BatchState, Outcome } from '../../shared/signing/batchProgress';
import { forgetBatch, knownOutcomes, rememberOutcome } from '../../shared/signing/batchProgress';
import { hasSignedCopy, signedDocuments } from '../../shared/signing/signed';
import { cancelledMessage, classifyNotice } from '../../shared/signing/status';
import { simplifyItem } from '../../shared/simplify';
import type { OneShotCredentials } from '../../shared/transport';
import { getOneShotCredentials } from '../../shared/transport';
import { KEEP_WAITING, retryLater, unconfirmedCancellation } from './notice';
import { TIME_LIMIT_NOTICE } from './signBatch';

export interface Waiter {
	position: number;
	requestPk: number;
	uids: string[];
}

/** The node's input while parked: one item per request, as ./signBatch stored them. */
export function storedItems(this: IWebhookFunctions): INodeExecutionData[] {
	try {
		const items = this.evaluateExpression('{{ $input.all() }}', 0);
		return Array.isArray(items) ? (items as INodeExecutionData[]) : [];
	} catch {
		return [];
	}
}

/** The requests still without an outcome when the execution parked. */
export function waitersOf(items: INodeExecutionData[]): Waiter[] {
	const waiters: Waiter[] = [];
	items.forEach((item, position) => {
		const { json } = item;
		const documents = json.documents as IDataObject[] | undefined;
		if (json.status !== 'timedOut' || !Number.isInteger(json.requestPk)) return;
		if (!Array.isArray(documents)) return;
		const uids = documents.map((d) => String(d.uid ?? '')).filter(Boolean);
		waiters.push({ position, requestPk: json.requestPk as number, uids });
	});
	return waiters;
}

/** How a batch's items are built: Sign's (simplified when asked) or the signing page's. */
export interface BatchOutput {
	ret: boolean;
	pre: string;
	sim: boolean;
	page?: boolean;
	/** a signer is at this request's page right now: its page finishes it (not a notice) */
	pageBusy?: (requestPk: number) => boolean;
}

async function outcomeItem(
	this: IWebhookFunctions,
	state: BatchOutput,
	stored: INodeExecutionData,
	waiter: Waiter,
	outcome: Outcome,
	credentials: OneShotCredentials,
): Promise<INodeExecutionData> {
	if (outcome.status === 'page') return { ...outcome.item, pairedItem: stored.pairedItem };
	const json: IDataObject = {
		requestPk: waiter.requestPk,
		...(state.page ? {} : { asyncMode: stored.json.asyncMode ?? true }),
		signed: outcome.status === 'signed',
		status: outcome.status,
		...(state.page ? { signedAt: null } : {}),
	};
	const item: INodeExecutionData = { json, pairedItem: stored.pairedItem };
	if (outcome.status === 'cancelled') {
		json.message = outcome.message;
	} else {
		json.confirmed = true;
		if (state.ret) {
			const copies = await signedDocuments.call(
				this,
				credentials,
				waiter.requestPk,
				waiter.uids,
				state.pre,
			);
			if (copies.documents.length) {
				json.documents = copies.documents;
				item.binary = copies.binary;
			}
		}
	}
	return simplifyItem(item, 'requestSign', state.sim);
}

/**
 * Every request's outcome, the one just notified first; KEEP_WAITING at the first request still
 * without one (unless `final`: the time limit passed, it stays timed out).
 */
export async function settle(
	this: IWebhookFunctions,
	state: BatchOutput,
	items: INodeExecutionData[],
	final: boolean,
	notified?: number,
): Promise<IWebhookResponseData> {
	const executionId = String(this.getExecutionId());
	const outcomes = knownOutcomes(executionId);
	const waiters = waitersOf(items).sort(
		(a, b) => Number(b.requestPk === notified) - Number(a.requestPk === notified),
	);
	try {
		const credentials = await getOneShotCredentials.call(this);
		for (const waiter of waiters) {
			if (outcomes.has(waiter.requestPk)) continue;
			if (state.pageBusy?.(waiter.requestPk) && !final) return KEEP_WAITING;
			if (await hasSignedCopy.call(this, credentials, waiter.requestPk, waiter.uids)) {
				rememberOutcome(executionId, waiter.requestPk, { status: 'signed' });
			} else if (!final) {
				return KEEP_WAITING;
			}
		}
		const output = [...items];
		for (const waiter of waiters) {
			const outcome = outcomes.get(waiter.requestPk);
			if (!outcome) continue; // timed out: the stored item says so
			const stored = items[waiter.position];
			output[waiter.position] = await outcomeItem.call(
				this,
				state,
				stored,
				waiter,
				outcome,
				credentials,
			);
		}
		forgetBatch(executionId);
		return { workflowData: [output], webhookResponse: '' };
	} catch (error) {
		this.logger.warn(
			`Uanataca One-Shot: could not check the requests of a waiting batch: ${(error as Error).message}`,
		);
		return retryLater.call(this);
	}
}

function isTimeLimitNotice(value: unknown): boolean {
	return !!value && typeof value === 'object' && (value as IDataObject)[TIME_LIMIT_NOTICE] === true;
}

/** A notice about one request of the batch: a cancellation is remembered once shown to be real. */
async function takeNotice(
	this: IWebhookFunctions,
	event: NormalizedCallback,
	waiter: Waiter,
): Promise<IWebhookResponseData | 'settle'> {
	const kind = classifyNotice(event);
	if (kind === 'intermediate') return KEEP_WAITING;
	if (kind === 'cancelled') {
		if (!(await cancellationConfirmed.call(this, event))) return unconfirmedCancellation.call(this);
		rememberOutcome(String(this.getExecutionId()), waiter.requestPk, {
			status: 'cancelled',
			message: cancelledMessage(waiter.requestPk, event),
		});
	}
	return 'settle';
}

export async function signBatchWebhook(
	this: IWebhookFunctions,
	state: BatchState,
): Promise<IWebhookResponseData> {
	const items = storedItems.call(this);
	if (items.length !== state.batch) {
		return answer.call(this, 409, 'This execution is not waiting for a signature');
	}
	return await batchNotice.call(this, state, state.end, items);
}

/**
 * A notice to a parked batch (Sign's, or the signing pages'): its own notice at the time limit,
 * or the Optimizer's about one of its requests; the execution resumes once all have an outcome.
 */
export async function batchNotice(
	this: IWebhookFunctions,
	output: BatchOutput,
	end: number,
	items: INodeExecutionData[],
): Promise<IWebhookResponseData> {
	let value: unknown;
	try {
		value = (await readBody.call(this)).value;
	} catch {
		return answer.call(this, 400, 'Not a One-Shot notification');
	}
	const late = Date.now() >= end;
	if (isTimeLimitNotice(value)) {
		if (!carriesCallbackKey.call(this)) return answer.call(this, 403, 'Not allowed');
		return late ? await settle.call(this, output, items, true) : KEEP_WAITING;
	}
	let event: NormalizedCallback;
	try {
		event = normalizeCallback(value);
	} catch (error) {
		const status = error instanceof BadCallback ? error.httpStatus : 400;
		return answer.call(this, status, 'Not a One-Shot notification');
	}
	const waiter = waitersOf(items).find((w) => w.requestPk === event.requestPk);
	if (waiter) {
		const next = await takeNotice.call(this, event, waiter);
		if (next !== 'settle' && !late) return next;
	} else if (!late) {
		return KEEP_WAITING; // another request's notice
	}
	return await settle.call(this, output, items, late, event.requestPk);
}
