/**
 * GET /page?doc=…: the service contract or a document, streamed from the Optimizer to the
 * signer, never stored in n8n. Only PDFs are shown in the browser.
 */
import type { IWebhookFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { fileNameFromDisposition, peekStart } from '../../../shared/files/download';
import type { OneShotStreamResponse } from '../../../shared/transport';
import { getOneShotCredentials, oneShotApiRequest } from '../../../shared/transport';
import type { PageContext } from './context';
import { errorText, httpCode, outcomeKind, sendPage } from './context';

/** GET ?doc=…: the contract or a document, streamed from the Optimizer to the signer. */
export async function streamDocument(
	this: IWebhookFunctions,
	ctx: PageContext,
	id: string,
	now: number,
) {
	const index = id === 'contract' ? -1 : /^\d{1,4}$/.test(id) ? Number(id) : NaN;
	const doc = index >= 0 ? ctx.documents[index] : undefined;
	if (Number.isNaN(index) || (index >= 0 && !doc)) {
		sendPage.call(this, ctx, { kind: 'invalid', now, status: 404 });
		return { noWebhookResponse: true };
	}
	if (now >= ctx.expiresAt || ctx.memory.outcome) {
		sendPage.call(this, ctx, {
			kind: ctx.memory.outcome ? outcomeKind(ctx.memory.outcome) : 'expired',
			now,
			status: 410,
		});
		return { noWebhookResponse: true };
	}
	const credentials = await getOneShotCredentials.call(this);
	let response: OneShotStreamResponse;
	try {
		response = (await oneShotApiRequest.call(
			this,
			{
				endpoint: doc ? 'document.download' : 'document.getContract',
				params: doc
					? { requestPk: ctx.requestPk, documentUid: doc.uid, documentType: 'original' }
					: { requestPk: ctx.requestPk },
				response: 'stream',
			},
			credentials,
		)) as OneShotStreamResponse;
	} catch (error) {
		this.logger.warn(
			`Uanataca One-Shot signing page: could not fetch ${doc ? `document ${doc.uid}` : 'the contract'} of request ${ctx.requestPk}: ${errorText(error)}`,
		);
		const code = httpCode(error);
		sendPage.call(this, ctx, {
			kind: code === '404' || code === '412' ? 'unavailable' : 'error',
			now,
			status: code === '404' ? 404 : 502,
		});
		return { noWebhookResponse: true };
	}
	const body = response.body as unknown as Stream;
	const head = await peekStart(response.body, 8);
	const pdf = head.subarray(0, 5).toString('latin1') === '%PDF-';
	const fallback = doc ? (doc.fileName ?? `document_${index + 1}.pdf`) : 'service_contract.pdf';
	const fileName = (
		doc?.fileName ??
		fileNameFromDisposition(response.headers['content-disposition']) ??
		fallback
	).replace(/[\r\n"\\]/g, '_');
	const ascii = fileName.replace(/[^\x20-\x7e]/g, '_');
	const res = this.getResponseObject();
	res.status(200);
	// only PDFs are shown in the browser; anything else is offered as a download, never rendered
	res.setHeader('Content-Type', pdf ? 'application/pdf' : 'application/octet-stream');
	res.setHeader(
		'Content-Disposition',
		`${pdf ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
	);
	res.setHeader('Cache-Control', 'no-store');
	res.setHeader('X-Content-Type-Options', 'nosniff');
	res.setHeader('Referrer-Policy', 'no-referrer');
	const length = response.headers['content-length'];
	if (length && /^\d+$/.test(length)) res.setHeader('Content-Length', length);
	if (Buffer.isBuffer(response.body)) res.end(response.body);
	else await pipeTo(body, res as unknown as Destination);
	return { noWebhookResponse: true };
}

/** Longest pause in a document stream before the answer is ended (changed by tests only). */
export const DOCUMENT_STREAM = { idleMs: 30_000 };

interface Stream {
	pipe(destination: unknown): unknown;
	on(event: string, listener: (...args: unknown[]) => void): unknown;
	destroy(error?: Error): unknown;
	readableEnded?: boolean;
}

interface Destination {
	once(event: string, listener: () => void): unknown;
	end(): unknown;
	destroy(error?: Error): unknown;
	writableFinished?: boolean;
}

/**
 * Streams the document to the signer with `pipeline` semantics (Node's stream module is not
 * available to community nodes): an upstream failure (error, connection closed before the end)
 * or a pause longer than DOCUMENT_STREAM.idleMs destroys both ends, so the signer's request ends
 * within a bounded time and nothing is left open; a signer who leaves stops the download.
 */
async function pipeTo(source: Stream, destination: Destination): Promise<void> {
	let done = false;
	let lastData = Date.now();
	let finish: () => void = () => {};
	const ended = new Promise<void>((resolve) => {
		finish = () => {
			done = true;
			resolve();
		};
	});
	const fail = (error: Error) => {
		if (done) return;
		source.destroy(error);
		destination.destroy(error);
		finish();
	};
	source.on('data', () => {
		lastData = Date.now();
	});
	source.on('error', (error) => fail(error as Error));
	source.on('aborted', () => fail(new Error('the Optimizer closed the document stream')));
	source.on('close', () => {
		if (!source.readableEnded) fail(new Error('the document stream ended early'));
	});
	destination.once('finish', finish);
	destination.once('close', () => {
		if (!destination.writableFinished) source.destroy();
		finish();
	});
	destination.once('error', () => fail(new Error('the signer went away')));
	source.pipe(destination);
	while (!done) {
		await Promise.race([ended, sleep(Math.min(1000, DOCUMENT_STREAM.idleMs))]);
		if (!done && Date.now() - lastData > DOCUMENT_STREAM.idleMs) {
			fail(new Error('the document stream stalled'));
		}
	}
}
