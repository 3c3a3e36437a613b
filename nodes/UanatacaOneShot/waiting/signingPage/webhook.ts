/**
 * The signing page's webhook: every request to the waiting webhooks of an execution parked by
 * Sign via Signing Page, sent to its route. GET /page: the page as it stands (here); GET
 * /page?doc=…: the contract or a document (./documents); POST /page: an action (./actions); POST
 * without /page: the Optimizer's notices to {{ $execution.resumeUrl }} (./outcome).
 *
 * n8n has checked the execution's resume token. Nothing here may throw: an error would end the
 * execution.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { answer } from '../../../shared/callbacks/answer';
import { pageLinkCheck } from '../../../shared/callbacks/callbackKey';
import { getOneShotCredentials } from '../../../shared/transport';
import { batchNotice } from '../signBatchWebhook';
import { handleAction } from './actions';
import { batchOutput, pageOutcome } from './batch';
import type { PageContext } from './context';
import { NotAPage, errorText, loadContext, outcomeKind, sendPage } from './context';
import { streamDocument } from './documents';
import { PagesFull, exclusive } from './memory';
import { syncProgress } from './progressStore';
import { awaitSignature, optimizerNotice } from './outcome';
import { pageKind } from './state';

/** GET: the page as it stands (a signature being completed is checked with the Optimizer). */
async function showPage(this: IWebhookFunctions, ctx: PageContext, now: number) {
	const { memory } = ctx;
	memory.lastSeen = now;
	await syncProgress.call(this, ctx);
	if (memory.submittedAt && !memory.outcome) {
		return await exclusive(memory, async () => {
			if (memory.outcome) {
				sendPage.call(this, ctx, { kind: outcomeKind(memory.outcome), now });
				return { noWebhookResponse: true };
			}
			const credentials = await getOneShotCredentials.call(this);
			return await awaitSignature.call(this, ctx, credentials, 0);
		});
	}
	const kind = pageKind({
		now,
		expiresAt: ctx.expiresAt,
		progress: memory.progress,
		maxAttempts: ctx.maxAttempts,
		outcome: memory.outcome,
	});
	sendPage.call(this, ctx, { kind, now, status: kind === 'expired' ? 410 : 200 });
	return { noWebhookResponse: true };
}

/**
 * Every request to this execution's waiting webhooks while the page waits: the page (GET), its
 * documents (GET ?doc=), its actions (POST), and the Optimizer's notices (POST without /page).
 * Nothing here may throw: an error would end the waiting execution.
 */
export async function signingPageWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const now = Date.now();
	let ctx: PageContext;
	try {
		ctx = loadContext.call(this, now);
	} catch (error) {
		if (error instanceof PagesFull) return answer.call(this, 503, error.message);
		const message = error instanceof NotAPage ? error.message : 'This signing page cannot be shown';
		return answer.call(this, 409, message);
	}
	if (!ctx.isPage) {
		try {
			if (ctx.batch)
				return await batchNotice.call(this, batchOutput(ctx), ctx.expiresAt, ctx.batch);
			return await optimizerNotice.call(this, ctx, now);
		} catch (error) {
			this.logger.warn(`Uanataca One-Shot signing page: notice not handled: ${errorText(error)}`);
			return answer.call(this, 503, 'Please retry');
		}
	}
	// each page has its own key in its link: another signer's link of this execution opens nothing
	const link = pageLinkCheck.call(this, ctx.requestPk);
	if (
		link === 'wrong' ||
		(link === 'missing' && (this.getNode().typeVersion >= 2 || !!ctx.batch))
	) {
		sendPage.call(this, ctx, { kind: 'invalid', now, status: 403 });
		return { noWebhookResponse: true };
	}
	const res = this.getResponseObject() as unknown as { headersSent?: boolean };
	try {
		const method = String(this.getRequestObject().method ?? 'GET').toUpperCase();
		let response: IWebhookResponseData;
		if (method === 'GET') {
			const doc = (this.getQueryData() as IDataObject).doc;
			if (doc !== undefined) return await streamDocument.call(this, ctx, String(doc), now);
			response = await showPage.call(this, ctx, now);
		} else {
			response = await handleAction.call(this, ctx, now);
		}
		// several pages in one execution: it resumes once every request has an outcome (./batch)
		return ctx.batch ? await pageOutcome.call(this, ctx, response) : response;
	} catch (error) {
		this.logger.warn(
			`Uanataca One-Shot signing page of request ${ctx.requestPk}: ${errorText(error)}`,
		);
		if (!res.headersSent) sendPage.call(this, ctx, { kind: 'error', now: Date.now(), status: 500 });
		return { noWebhookResponse: true };
	}
}
