/**
 * Sign via Signing Page for many items, one request per item: every signer gets their own page and
 * link (Create's signingPageUrl, which carries that page's key), the execution parks once after
 * the last item and resumes once, when every request has an outcome (signed, locked, cancelled,
 * timed out): one output item per input item, in order, paired.
 *
 * Kept with the parked execution: one page state (request 0 = a batch; the pages' token keys are
 * derived from its key, one per request) and, in the node's timed-out output, each page's request,
 * documents and signer. The webhook finds the page a link opens by the link's key (./context), and
 * recomputes the progress of the others at every outcome (../signBatchWebhook).
 */
import { createHmac } from 'crypto';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import {
	CALLBACK_KEY_DATA,
	PAGE_KEY_PARAMETER,
	pageKeyFor,
} from '../../../shared/callbacks/callbackKey';
import { rememberOutcome } from '../../../shared/signing/batchProgress';
import { park } from '../../../shared/signing/parking';
import { ValidationError } from '../../../shared/validation';
import { N8N_GRACE_MS, RunItems, noticeAtTimeLimit, pairedIndex } from '../signBatch';
import type { BatchOutput } from '../signBatchWebhook';
import { settle, storedItems, waitersOf } from '../signBatchWebhook';
import type { PageContext } from './context';
import { pageActive, pageMemory } from './memory';
import { addProgressRows, progressRow, progressTableFor } from './progressStore';
import { PAGE_STATE_KEY, encodeStoredState, randomToken } from './state';

interface PageEntry {
	requestPk: number;
	seed: INodeExecutionData;
	expiresAt: number;
}

const runs = new RunItems<PageEntry>();

/** Before a page joins the batch: one page per request in an execution. */
export function joinPages(
	this: IExecuteFunctions,
	index: number,
	entry: PageEntry,
): INodeExecutionData[] {
	const entries = runs.of(this);
	for (const [other, known] of entries) {
		if (known.requestPk !== entry.requestPk) continue;
		throw new ValidationError(
			`Request ${entry.requestPk} is in two items of this execution`,
			`Each signer needs their own request and page: item ${other + 1} already shows the page of request ${entry.requestPk}. Remove the repeated item.`,
		);
	}
	entries.set(index, entry);
	const json = { requestPk: entry.requestPk, signed: false, status: 'waiting' };
	return [{ json, pairedItem: { item: index } }];
}

/** The operation's `finish`: one park for every page, after the last item. */
export async function finishPages(
	this: IExecuteFunctions,
	output: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const entries = runs.take(this);
	if (!entries?.size) return output;
	const end = Math.max(...[...entries.values()].map((entry) => entry.expiresAt));
	const seed = output.map((item) => {
		const index = pairedIndex(item);
		const entry = index === undefined ? undefined : entries.get(index);
		return entry && item.json.status === 'waiting'
			? { ...entry.seed, pairedItem: { item: index as number } }
			: item;
	});
	const key = randomToken(24);
	const requestPks = [...entries.values()].map((entry) => entry.requestPk);
	// version 3: each page's progress is kept in a data table from the start (./progressStore)
	const table = await progressTableFor.call(this, 0);
	if (table) {
		const executionId = String(this.getExecutionId());
		const rows = requestPks.map((pk) => ({
			row: progressRow(executionId, pageSecret(key, pk)),
			closesAt: end,
		}));
		await addProgressRows.call(this, table.api, table.tableId, rows);
	}
	await park.call(this, {
		itemIndex: 0,
		subject: 'The signing page',
		requestPks,
		stateKey: PAGE_STATE_KEY,
		state: encodeStoredState({ v: 1, pk: 0, k: key, x: end, t: table?.tableId }),
		timedOut: seed,
		until: new Date(end + N8N_GRACE_MS),
	});
	noticeAtTimeLimit.call(this, end);
	return output;
}

/** The key of one page's tokens in a batch, derived from the batch's key. */
function pageSecret(batchKey: string, requestPk: number): string {
	return createHmac('sha256', batchKey).update(`oneshot-page.${requestPk}`).digest('base64url');
}

export interface BatchPage {
	items: INodeExecutionData[];
	requestPk: number;
	secret: string;
	kept: IDataObject;
}

/** In a batch: the page the link opens (by the page key it carries); request 0 for any other. */
export function batchPage(this: IWebhookFunctions, batchKey: string): BatchPage {
	const items = storedItems.call(this);
	const given = (this.getQueryData() as IDataObject)[PAGE_KEY_PARAMETER];
	let key: unknown;
	try {
		key = this.customData.get(CALLBACK_KEY_DATA);
	} catch {
		key = undefined;
	}
	for (const waiter of waitersOf(items)) {
		if (typeof key !== 'string' || key.length < 24 || typeof given !== 'string') break;
		if (pageKeyFor(key, waiter.requestPk) !== given) continue;
		const { json } = items[waiter.position];
		return {
			items,
			requestPk: waiter.requestPk,
			secret: pageSecret(batchKey, waiter.requestPk),
			kept: { documents: json.documents, signer: json.signer },
		};
	}
	return { items, requestPk: 0, secret: pageSecret(batchKey, 0), kept: {} };
}

/** Whether a signer is at the page of `requestPk` now (its page, not a notice, finishes it). */
function pageBusy(ctx: PageContext, requestPk: number): boolean {
	if (!ctx.batchKey || requestPk === ctx.requestPk) return false;
	const key = `${ctx.executionId}/${pageSecret(ctx.batchKey, requestPk).slice(0, 12)}`;
	try {
		return pageActive(pageMemory(key, ctx.expiresAt, Date.now()), Date.now());
	} catch {
		return false;
	}
}

export function batchOutput(ctx: PageContext): BatchOutput {
	return {
		ret: ctx.returnSigned,
		pre: ctx.prefix,
		sim: false,
		page: true,
		pageBusy: (requestPk) => pageBusy(ctx, requestPk),
	};
}

/**
 * A page of the batch reached its outcome (its answer to the signer is sent): remembered, and the
 * execution resumes if every other request has one too.
 */
export async function pageOutcome(
	this: IWebhookFunctions,
	ctx: PageContext,
	response: IWebhookResponseData,
): Promise<IWebhookResponseData> {
	const item = response.workflowData?.[0]?.[0];
	if (!ctx.batch || !item) return response;
	rememberOutcome(ctx.executionId, ctx.requestPk, { status: 'page', item });
	const settled = await settle.call(this, batchOutput(ctx), ctx.batch, false, ctx.requestPk);
	return settled.workflowData
		? { noWebhookResponse: true, workflowData: settled.workflowData }
		: { noWebhookResponse: true };
}
