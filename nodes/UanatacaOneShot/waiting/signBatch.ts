/**
 * Sign with Wait for Completion (callback to this execution) for many items, one request per
 * item: each item's request is signed once (one sign call each), then the execution parks once
 * for all of them, after the last item (the operation's `finish`). Its waiting webhook
 * (./signBatchWebhook) resumes it once, when every request has an outcome.
 *
 * What the webhook needs is kept where n8n keeps it with the parked execution: the options in
 * custom data (one short entry), and each request in the node's timed-out output (one item per
 * input item: requestPk and the document UIDs), which n8n hands back to the waiting webhook as
 * the node's input. Nothing else: progress is recomputed from the Optimizer at every notice
 * (../../shared/signing/batchProgress).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { callbackKey, withCallbackKey } from '../../shared/callbacks/callbackKey';
import type { BatchState } from '../../shared/signing/batchProgress';
import { encodeBatchState, timeLimitWatch } from '../../shared/signing/batchProgress';
import { park } from '../../shared/signing/parking';
import { checkSigned } from '../../shared/signing/signed';
import { simplifyItem, simplifyWhen } from '../../shared/simplify';
import { getOneShotCredentials } from '../../shared/transport';
import { ValidationError } from '../../shared/validation';
import { WAIT_STATE_KEY } from './signCompletion';
import type { SignWait } from './signWait';
import { outputItem } from './signWait';

/** The body of the notice a parked batch sends itself when its time limit passes. */
export const TIME_LIMIT_NOTICE = 'oneshotTimeLimit';
/** n8n's own resume at the limit comes this much later: the notice above gets there first. */
export const N8N_GRACE_MS = 60_000;
/** Longer waits than this get no notice of their own (timers of Node.js stop at 24.8 days). */
const MAX_NOTICE_DELAY_MS = 20 * 24 * 3600_000;

interface Entry {
	index: number;
	plan: SignWait;
	base: IDataObject;
	waitTill: Date;
}

/**
 * What each run of the node (one `this` per run) keeps by item index until its `finish` parks
 * the execution once for all of them (here and in the signing page's batch).
 */
export class RunItems<T> {
	private readonly runs = new WeakMap<IExecuteFunctions, Map<number, T>>();

	/** The entries of a run (made on first use). */
	of(run: IExecuteFunctions): Map<number, T> {
		let entries = this.runs.get(run);
		if (!entries) {
			entries = new Map();
			this.runs.set(run, entries);
		}
		return entries;
	}

	/** The entries of a run, which forgets them (at `finish`). */
	take(run: IExecuteFunctions): Map<number, T> | undefined {
		const entries = this.runs.get(run);
		this.runs.delete(run);
		return entries;
	}
}

/** The requests of one run of the node, by item index. */
const runs = new RunItems<Entry>();

/** Whether this run signs several items and waits for them together. */
export function isBatch(this: IExecuteFunctions): boolean {
	return this.getInputData().length > 1;
}

/** Before the sign call: a request may appear once per execution (one sign call per request). */
export function refuseTwice(this: IExecuteFunctions, requestPk: number): void {
	for (const entry of runs.of(this).values()) {
		if (entry.plan.requestPk !== requestPk) continue;
		throw new ValidationError(
			`Request ${requestPk} is in two items of this execution`,
			`Waiting for the callback signs each request once: give every item its own request (item ${entry.index + 1} already signs ${requestPk}), or remove the repeated item.`,
		);
	}
}

/** After the sign call: the item waits with the others; its final output comes at `finish`. */
export function joinBatch(
	this: IExecuteFunctions,
	index: number,
	plan: SignWait,
	base: IDataObject,
	waitTill: Date,
): INodeExecutionData[] {
	runs.of(this).set(index, { index, plan, base, waitTill });
	return [{ json: { ...base, signed: false, status: 'waiting' }, pairedItem: { item: index } }];
}

export function pairedIndex(item: INodeExecutionData): number | undefined {
	const paired = item.pairedItem;
	if (typeof paired === 'number') return paired;
	if (paired && !Array.isArray(paired)) return paired.item;
	return undefined;
}

function timedOutItem(entry: Entry, state: BatchState): INodeExecutionData {
	const { plan } = entry;
	const json = simplifyWhen(state.sim, 'requestSign', {
		...entry.base,
		signed: false,
		status: 'timedOut',
		message: `No notice that request ${plan.requestPk} was signed arrived within ${state.min} minutes. Signing may still complete: download the signed documents later to check.`,
	});
	// what the waiting webhook needs to check this request (kept even when simplified)
	json.documents = plan.documentUids.map((uid) => ({ uid }));
	return { json, pairedItem: { item: entry.index } };
}

/** The notice the parked execution sends itself at the limit, with the outcomes known by then. */
export function noticeAtTimeLimit(this: IExecuteFunctions, at: number): void {
	const delay = at - Date.now();
	const resumeUrl = String(this.evaluateExpression('{{ $execution.resumeUrl }}', 0) ?? '');
	if (!resumeUrl || delay > MAX_NOTICE_DELAY_MS) return;
	const url = withCallbackKey(resumeUrl, callbackKey.call(this));
	const helpers = this.helpers;
	const signal = timeLimitWatch(this.getExecutionId());
	void (async () => {
		for (let attempt = 0; attempt < 3; attempt++) {
			await sleep(attempt ? 5000 : Math.max(0, delay), signal);
			try {
				await helpers.httpRequest({
					method: 'POST',
					url,
					body: { [TIME_LIMIT_NOTICE]: true },
					json: true,
					timeout: 30_000,
				});
				return;
			} catch {
				// answered 409 once resumed by n8n, or unreachable: try twice more
			}
		}
	})().catch(() => undefined); // aborted (resumed in this process); n8n's own resume remains
}

/**
 * The operation's `finish`: checks the requests once more (a signature faster than the parking is
 * not missed), and parks once for those not signed yet.
 */
export async function finishBatch(
	this: IExecuteFunctions,
	output: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const entries = runs.take(this);
	if (!entries?.size) return output;
	const first = [...entries.values()][0].plan;
	const end = Math.max(...[...entries.values()].map((e) => e.waitTill.getTime()));
	const minutes = Math.max(...[...entries.values()].map((e) => e.plan.limitMinutes));
	const state: BatchState = {
		batch: output.length,
		ret: first.returnSigned,
		pre: first.prefix,
		min: minutes,
		sim: first.simplify === true,
		end,
	};
	const credentials = await getOneShotCredentials.call(this);
	const wanted = state.ret ? { prefix: state.pre } : undefined;
	const waiting: number[] = [];
	const seed = output.map((item) => item);
	for (let position = 0; position < output.length; position++) {
		const index = pairedIndex(output[position]);
		const entry = index === undefined ? undefined : entries.get(index);
		if (!entry || output[position].json.status !== 'waiting') continue;
		const { requestPk, documentUids } = entry.plan;
		const now = await checkSigned.call(this, credentials, requestPk, documentUids, wanted, index);
		if (now.signed) {
			const json = { ...entry.base, signed: true, status: 'signed' };
			seed[position] = simplifyItem(
				outputItem(json, now.documents, entry.index),
				'requestSign',
				state.sim,
			);
		} else {
			seed[position] = timedOutItem(entry, state);
			waiting.push(requestPk);
		}
	}
	if (!waiting.length) return seed;
	await park.call(this, {
		itemIndex: 0,
		subject: 'Sign',
		stateKey: WAIT_STATE_KEY,
		state: encodeBatchState(state),
		timedOut: seed,
		requestPks: waiting,
		until: new Date(end + N8N_GRACE_MS),
	});
	noticeAtTimeLimit.call(this, end);
	return output;
}
