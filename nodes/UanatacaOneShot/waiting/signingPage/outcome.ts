/**
 * How a parked signing page ends: signed (with the signed documents), locked (too many wrong
 * codes), or cancelled (the Optimizer's notice to {{ $execution.resumeUrl }}). The execution
 * resumes (workflowData) once; the signer sees the outcome either way.
 */
import type {
	IBinaryData,
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { cancellationConfirmed } from '../../../shared/callbacks/callbackKey';
import type { SignedDocumentsOutput } from '../../../shared/signing/copies';
import { signedDocuments } from '../../../shared/signing/signed';
import { cancelledMessage, classifyNotice } from '../../../shared/signing/status';
import type { OneShotCredentials } from '../../../shared/transport';
import { getOneShotCredentials } from '../../../shared/transport';
import { KEEP_WAITING, readNotice, retryLater, unconfirmedCancellation } from '../notice';
import type { PageContext } from './context';
import { errorText, sendPage, signedNow } from './context';
import { PAGE_TIMING, claimResume, exclusive, pageActive, releaseResume } from './memory';
import type { Progress } from './state';

function outputItem(json: IDataObject, binary?: Record<string, IBinaryData>): INodeExecutionData {
	const item: INodeExecutionData = { json, pairedItem: { item: 0 } };
	if (binary && Object.keys(binary).length) item.binary = binary;
	return item;
}

function progressFields(progress: Progress): IDataObject {
	return {
		codesSent: progress.sends,
		readConfirmedAt: progress.readAt ? new Date(progress.readAt).toISOString() : null,
	};
}

/**
 * The signature is confirmed: download the signed documents (when asked) and resume the
 * execution once; the signer sees the confirmation either way.
 */
export async function finishSigned(
	this: IWebhookFunctions,
	ctx: PageContext,
	credentials: OneShotCredentials,
	now: number,
	extra: IDataObject = {},
): Promise<IWebhookResponseData> {
	const { memory } = ctx;
	memory.signedAt ??= now;
	const progress = memory.progress;
	if (!claimResume(memory)) {
		memory.outcome = 'signed';
		if (ctx.isPage) sendPage.call(this, ctx, { kind: 'signed', now });
		else this.getResponseObject().status(200).send('');
		return { noWebhookResponse: true };
	}
	let copies: SignedDocumentsOutput | undefined;
	try {
		copies = ctx.returnSigned
			? await signedDocuments.call(
					this,
					credentials,
					ctx.requestPk,
					ctx.documents.map((doc) => doc.uid),
					ctx.prefix,
				)
			: undefined;
	} catch (error) {
		// signed, but the copies could not be fetched now: the page (refreshing) tries again
		releaseResume(memory);
		this.logger.warn(
			`Uanataca One-Shot signing page: signed documents of request ${ctx.requestPk} not downloaded yet: ${errorText(error)}`,
		);
		memory.submittedAt ||= now;
		if (ctx.isPage) sendPage.call(this, ctx, { kind: 'signing', now });
		else this.getResponseObject().status(503).json({ message: 'Please retry' });
		return { noWebhookResponse: true };
	}
	memory.outcome = 'signed';
	const json: IDataObject = {
		requestPk: ctx.requestPk,
		signed: true,
		status: 'signed',
		signedAt: new Date(memory.signedAt).toISOString(),
		// the codes entered: the wrong ones, and the one that signed (when it went through the page)
		attempts: progress.attempts + (memory.submittedAt ? 1 : 0),
		...progressFields(progress),
		confirmed: true,
		...(memory.asyncMode === undefined ? {} : { asyncMode: memory.asyncMode }),
		...extra,
	};
	if (copies) json.documents = copies.documents;
	if (ctx.isPage) sendPage.call(this, ctx, { kind: 'signed', now });
	else this.getResponseObject().status(200).send('');
	return { noWebhookResponse: true, workflowData: [[outputItem(json, copies?.binary)]] };
}

export function finishLocked(
	this: IWebhookFunctions,
	ctx: PageContext,
	now: number,
): IWebhookResponseData {
	const { memory } = ctx;
	memory.outcome = 'locked';
	sendPage.call(this, ctx, { kind: 'locked', now });
	if (!claimResume(memory)) return { noWebhookResponse: true };
	const progress = memory.progress;
	const json: IDataObject = {
		requestPk: ctx.requestPk,
		signed: false,
		status: 'locked',
		signedAt: null,
		attempts: progress.attempts,
		...progressFields(progress),
		message: `The signer entered ${progress.attempts} wrong codes for request ${ctx.requestPk}; the signing page is closed and nothing was signed. Create a new request to try again.`,
	};
	return { noWebhookResponse: true, workflowData: [[outputItem(json)]] };
}

/** After the Optimizer accepted a code: wait (bounded) for the signed copy, then finish. */
export async function awaitSignature(
	this: IWebhookFunctions,
	ctx: PageContext,
	credentials: OneShotCredentials,
	waitMs: number,
	extra: IDataObject = {},
): Promise<IWebhookResponseData> {
	const deadline = Date.now() + waitMs;
	for (;;) {
		if (await signedNow.call(this, ctx, credentials)) {
			return await finishSigned.call(this, ctx, credentials, Date.now(), extra);
		}
		if (Date.now() + PAGE_TIMING.signingPollMs > deadline) break;
		await sleep(PAGE_TIMING.signingPollMs);
	}
	sendPage.call(this, ctx, { kind: 'signing', now: Date.now() });
	return { noWebhookResponse: true };
}

export async function optimizerNotice(
	this: IWebhookFunctions,
	ctx: PageContext,
	now: number,
): Promise<IWebhookResponseData> {
	const notice = await readNotice.call(this);
	if ('refused' in notice) return notice.refused;
	const { event } = notice;
	if (event.requestPk !== ctx.requestPk) return KEEP_WAITING;
	const { memory } = ctx;
	const kind = classifyNotice(event);
	if (kind === 'cancelled') {
		if (memory.outcome) return KEEP_WAITING;
		if (!(await cancellationConfirmed.call(this, event))) return unconfirmedCancellation.call(this);
		if (memory.outcome || !claimResume(memory)) return KEEP_WAITING;
		memory.outcome = 'cancelled';
		return {
			webhookResponse: '',
			workflowData: [
				[
					outputItem({
						requestPk: ctx.requestPk,
						signed: false,
						status: 'cancelled',
						signedAt: null,
						attempts: memory.progress.attempts,
						...progressFields(memory.progress),
						message: cancelledMessage(ctx.requestPk, event),
					}),
				],
			],
		};
	}
	if (kind !== 'signed') return KEEP_WAITING;
	// the signer is at the page: the page confirms the signature and shows it to them
	if (memory.outcome || pageActive(memory, now)) return KEEP_WAITING;
	return await exclusive(memory, async () => {
		if (memory.outcome) return KEEP_WAITING;
		try {
			const credentials = await getOneShotCredentials.call(this);
			if (!(await signedNow.call(this, ctx, credentials))) {
				this.logger.warn(
					`Uanataca One-Shot signing page: notice that request ${ctx.requestPk} is signed not confirmed by the Optimizer; still waiting`,
				);
				return KEEP_WAITING;
			}
			return await finishSigned.call(this, ctx, credentials, Date.now(), {
				notifiedStatus: event.status,
			});
		} catch (error) {
			this.logger.warn(
				`Uanataca One-Shot signing page: could not confirm the signature of request ${ctx.requestPk}: ${errorText(error)}`,
			);
			return retryLater.call(this);
		}
	});
}
