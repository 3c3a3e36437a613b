/**
 * The signing page's webhook: every request to the waiting webhooks of an execution parked by
 * Sign via Signing Page. GET /page: the page as it stands; GET /page?doc=…: the contract or a
 * document, streamed from the Optimizer; POST /page: an action ("send" a code, "sign" with it);
 * POST without /page: the Optimizer's notices to {{ $execution.resumeUrl }}.
 *
 * n8n has checked the execution's resume token. Every action carries the page token (./state);
 * one action of a page runs at a time (./memory) and a used token cannot act again, so a
 * repeated or concurrent submission never calls Sign twice. The execution resumes (workflowData)
 * once: signed, locked, or cancelled. Nothing here may throw: an error would end the execution.
 */
import type {
	IBinaryData,
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { readBody } from '../../shared/callbacks/incoming';
import type { NormalizedCallback } from '../../shared/callbacks/normalize';
import { BadCallback, normalizeCallback } from '../../shared/callbacks/normalize';
import {
	fileNameFromDisposition,
	peekStart,
	signedDocumentExists,
} from '../../shared/files/download';
import { messageOf } from '../../shared/responses';
import type { OneShotCredentials, OneShotStreamResponse } from '../../shared/transport';
import { getOneShotCredentials, oneShotApiRequest } from '../../shared/transport';
import type { PageDocumentInfo, SignerInfo } from './common';
import { DEFAULT_MAX_ATTEMPTS, isPageRequest, readLook, signedCopies } from './common';
import type { PageMemory } from './memory';
import {
	PAGE_TIMING,
	claimResume,
	exclusive,
	pageActive,
	pageMemory,
	releaseResume,
	useNonce,
} from './memory';
import type { NoticeKey, PageKind, PageLook, PageView } from './render';
import { formatDateTime, pageHeaders, renderPage } from './render';
import type { Outcome, Progress } from './state';
import {
	OTP_COOLDOWN_MS,
	PAGE_STATE_KEY,
	attemptsLeft,
	cooldownSeconds,
	createPageToken,
	decodeStoredState,
	mergeProgress,
	pageKind,
	randomToken,
	readPageToken,
} from './state';
import { TEXTS, pageLanguage } from './texts';

const MAX_CODE_LENGTH = 64;
/** codes one page may have sent (each is a text message to the signer) */
const MAX_CODES_SENT = 5;

interface PageContext {
	executionId: string;
	requestPk: number;
	secret: string;
	expiresAt: number;
	documents: PageDocumentInfo[];
	signer: SignerInfo;
	look: PageLook;
	maxAttempts: number;
	returnSigned: boolean;
	prefix: string;
	deliveryMethod?: string;
	timeZone?: string;
	/** relative URL of the page (GET), e.g. "?signature=<resume token>%2Fpage" */
	pageHref: string;
	/** the request is for the page (not one of the Optimizer's notices) */
	isPage: boolean;
	memory: PageMemory;
}

class NotAPage extends Error {}

function safeParameter<T>(read: () => T, fallback: T): T {
	try {
		return read();
	} catch {
		return fallback;
	}
}

/** What the page needs, from the parked execution (custom data and the node's kept input). */
function loadContext(this: IWebhookFunctions, now: number): PageContext {
	const stored = decodeStoredState(this.customData.get(PAGE_STATE_KEY));
	if (!stored) throw new NotAPage('This execution is not waiting at a signing page');
	const kept = safeParameter(
		() =>
			JSON.parse(
				String(
					this.evaluateExpression(
						'{{ JSON.stringify({ documents: $json.documents, signer: $json.signer }) }}',
					),
				),
			) as { documents?: PageDocumentInfo[]; signer?: Partial<SignerInfo> },
		{},
	);
	const documents = (Array.isArray(kept.documents) ? kept.documents : []).filter(
		(d): d is PageDocumentInfo => !!d && typeof d.uid === 'string',
	);
	const options = safeParameter(() => this.getNodeParameter('options', {}) as IDataObject, {});
	let look: PageLook = {};
	try {
		look = readLook(options);
	} catch {
		look = { title: typeof options.title === 'string' ? options.title : undefined };
	}
	const executionId = String(this.getExecutionId());
	const query = this.getQueryData() as IDataObject;
	const signature = typeof query.signature === 'string' ? query.signature : '';
	return {
		executionId,
		requestPk: stored.pk,
		secret: stored.k,
		expiresAt: stored.x,
		documents,
		signer: {
			name: typeof kept.signer?.name === 'string' ? kept.signer.name : null,
			maskedPhone: typeof kept.signer?.maskedPhone === 'string' ? kept.signer.maskedPhone : null,
			language: pageLanguage(kept.signer?.language),
		},
		look,
		maxAttempts: Math.min(
			10,
			Math.max(1, Math.floor(Number(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) || 1),
		),
		returnSigned: options.returnSignedDocuments !== false,
		prefix: String(options.binaryPropertyPrefix ?? 'signed_') || 'signed_',
		deliveryMethod: typeof options.deliveryMethod === 'string' ? options.deliveryMethod : undefined,
		timeZone: safeParameter(() => this.getTimezone(), undefined as string | undefined),
		pageHref: `?signature=${encodeURIComponent(signature)}`,
		isPage: isPageRequest(this.getRequestObject()),
		// one memory per parked page (an execution may show several pages one after the other)
		memory: pageMemory(`${executionId}/${stored.k.slice(0, 12)}`, stored.x, now),
	};
}

interface Render {
	kind: PageKind;
	notice?: NoticeKey;
	status?: number;
	now: number;
	progress?: Progress;
}

function sendPage(this: IWebhookFunctions, ctx: PageContext, render: Render) {
	const { now } = render;
	const progress = render.progress ?? ctx.memory.progress;
	const cooldown = cooldownSeconds(progress, now);
	const format = (at: number, what: 'time' | 'dateTime') =>
		formatDateTime(at, ctx.signer.language, ctx.timeZone, what);
	const view: PageView = {
		kind: render.kind,
		language: ctx.signer.language,
		look: ctx.look,
		signerName: ctx.signer.name ?? undefined,
		maskedPhone: ctx.signer.maskedPhone ?? undefined,
		documents: documentLinks(ctx),
		pageHref: ctx.pageHref,
		notice: render.notice,
		attemptsLeft: attemptsLeft(progress, ctx.maxAttempts),
		cooldownSeconds: cooldown,
		resendFrom: cooldown > 0 ? format(progress.sentAt + OTP_COOLDOWN_MS, 'time') : undefined,
		codeSentAt: progress.sentAt ? format(progress.sentAt, 'time') : undefined,
		signedAt: ctx.memory.signedAt ? format(ctx.memory.signedAt, 'dateTime') : undefined,
		refreshSeconds: 3,
		nonce: randomToken(16),
	};
	if (render.kind === 'review' || render.kind === 'codeSent') {
		view.token = createPageToken(ctx.secret, ctx.executionId, progress, now);
	}
	const res = this.getResponseObject();
	res.status(render.status ?? 200);
	for (const [name, value] of Object.entries(pageHeaders(view.nonce, view.look.logoUrl))) {
		res.setHeader(name, value);
	}
	res.send(renderPage(view));
}

function documentLinks(ctx: PageContext) {
	const t = TEXTS[ctx.signer.language];
	return [
		{ label: t.contract, href: `${ctx.pageHref}&doc=contract` },
		...ctx.documents.map((doc, index) => ({
			label: doc.fileName ?? t.document(index + 1),
			href: `${ctx.pageHref}&doc=${index}`,
		})),
	];
}

/** A short answer for requests that are not the page's (no HTML from anyone else). */
function answer(this: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
	this.getResponseObject().status(status).json({ message });
	return { noWebhookResponse: true };
}

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
async function finishSigned(
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
	let copies: Awaited<ReturnType<typeof signedCopies>> | undefined;
	try {
		copies = ctx.returnSigned
			? await signedCopies.call(this, credentials, ctx.requestPk, ctx.documents, ctx.prefix)
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

function finishLocked(
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

function httpCode(error: unknown): string | undefined {
	return error instanceof NodeApiError ? (error.httpCode ?? undefined) : undefined;
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** Whether a signed copy exists, or the call failed (then false, logged). */
async function signedNow(
	this: IWebhookFunctions,
	ctx: PageContext,
	credentials: OneShotCredentials,
): Promise<boolean> {
	const first = ctx.documents[0];
	if (!first) return false;
	return await signedDocumentExists.call(this, credentials, ctx.requestPk, first.uid, {
		timeoutMs: 30_000,
	});
}

/** After the Optimizer accepted a code: wait (bounded) for the signed copy, then finish. */
async function awaitSignature(
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

/** GET: the page as it stands (a signature being completed is checked with the Optimizer). */
async function showPage(this: IWebhookFunctions, ctx: PageContext, now: number) {
	const { memory } = ctx;
	memory.lastSeen = now;
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

function outcomeKind(outcome: Outcome): PageKind {
	return outcome === 'signed' ? 'signed' : outcome === 'locked' ? 'locked' : 'unavailable';
}

/** GET ?doc=…: the contract or a document, streamed from the Optimizer to the signer. */
async function streamDocument(this: IWebhookFunctions, ctx: PageContext, id: string, now: number) {
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
	const body = response.body as unknown as PipeableStream;
	const head = await peekStart(response.body, 8);
	const pdf = head.subarray(0, 5).toString('latin1') === '%PDF-';
	const fallback = doc
		? (doc.fileName ?? `document_${index + 1}.pdf`)
		: `service_contract_${ctx.requestPk}.pdf`;
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
	else await pipeTo(body, res as unknown as WritableEnd);
	return { noWebhookResponse: true };
}

interface PipeableStream {
	pipe(destination: unknown): unknown;
	on(event: 'error', listener: (error: Error) => void): unknown;
	destroy?: () => void;
}

interface WritableEnd {
	once(event: 'finish' | 'close', listener: () => void): unknown;
	destroy?: (error?: Error) => void;
}

async function pipeTo(source: PipeableStream, destination: WritableEnd): Promise<void> {
	await new Promise<void>((resolve) => {
		let done = false;
		const finish = () => {
			if (done) return;
			done = true;
			resolve();
		};
		source.on('error', () => {
			destination.destroy?.();
			finish();
		});
		destination.once('finish', finish);
		destination.once('close', () => {
			source.destroy?.();
			finish();
		});
		source.pipe(destination);
	});
}

function field(body: IDataObject, name: string): string {
	const value = body[name];
	if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : '';
	return typeof value === 'string' ? value : '';
}

/** POST: an action of the page ("send" a code, "sign" with it). */
async function handleAction(this: IWebhookFunctions, ctx: PageContext, now: number) {
	const body = (this.getBodyData() ?? {}) as IDataObject;
	const token = readPageToken(ctx.secret, ctx.executionId, field(body, 'token'), now);
	if (!token) {
		sendPage.call(this, ctx, { kind: 'invalid', now, status: 403 });
		return { noWebhookResponse: true };
	}
	const { memory } = ctx;
	memory.lastSeen = now;
	return await exclusive(memory, async () => {
		const at = Date.now();
		memory.progress = mergeProgress(memory.progress, token);
		if (memory.outcome) {
			sendPage.call(this, ctx, { kind: outcomeKind(memory.outcome), now: at });
			return { noWebhookResponse: true };
		}
		const fresh = useNonce(memory, token.nonce);
		const credentials = await getOneShotCredentials.call(this);
		if (memory.submittedAt) return await awaitSignature.call(this, ctx, credentials, 0);
		const kind = pageKind({
			now: at,
			expiresAt: ctx.expiresAt,
			progress: memory.progress,
			maxAttempts: ctx.maxAttempts,
		});
		if (kind === 'expired') {
			sendPage.call(this, ctx, { kind, now: at, status: 410 });
			return { noWebhookResponse: true };
		}
		if (kind === 'locked') return finishLocked.call(this, ctx, at);
		if (!fresh) {
			// the same page submitted again (double click, back button, reload): show where we are
			sendPage.call(this, ctx, { kind, now: at, notice: 'stalePage' });
			return { noWebhookResponse: true };
		}
		const action = field(body, 'action');
		if (action === 'send') return await sendCode.call(this, ctx, credentials, body, at);
		if (action === 'sign') return await signWithCode.call(this, ctx, credentials, body, at);
		sendPage.call(this, ctx, { kind: 'invalid', now: at, status: 400 });
		return { noWebhookResponse: true };
	});
}

async function sendCode(
	this: IWebhookFunctions,
	ctx: PageContext,
	credentials: OneShotCredentials,
	body: IDataObject,
	now: number,
): Promise<IWebhookResponseData> {
	const { memory } = ctx;
	if (!field(body, 'read') && !memory.progress.readAt) {
		sendPage.call(this, ctx, { kind: 'review', now, notice: 'readMissing' });
		return { noWebhookResponse: true };
	}
	if (!memory.progress.readAt) memory.progress = { ...memory.progress, readAt: now };
	if (cooldownSeconds(memory.progress, now) > 0) {
		sendPage.call(this, ctx, { kind: 'codeSent', now, notice: 'waitBeforeResend' });
		return { noWebhookResponse: true };
	}
	if (memory.progress.sends >= MAX_CODES_SENT) {
		// every code is a text message: a page sends a few, not one a minute all day long
		sendPage.call(this, ctx, { kind: 'codeSent', now, notice: 'noMoreCodes' });
		return { noWebhookResponse: true };
	}
	const request: IDataObject = {};
	if (ctx.deliveryMethod) request.delivery_method = ctx.deliveryMethod;
	try {
		await oneShotApiRequest.call(
			this,
			{ endpoint: 'request.generateOtp', params: { requestPk: ctx.requestPk }, body: request },
			credentials,
		);
	} catch (error) {
		const code = httpCode(error);
		const message = errorText(error);
		if (code === '412' && /less than a minute/i.test(message)) {
			// a code went out less than a minute ago (maybe from another page of this request)
			memory.progress = { ...memory.progress, sentAt: Math.max(memory.progress.sentAt, now) };
			sendPage.call(this, ctx, { kind: 'codeSent', now, notice: 'waitBeforeResend' });
			return { noWebhookResponse: true };
		}
		if (code === '412' || code === '404') {
			// the request cannot take a code: already signed, or not signable any more
			if (await signedNow.call(this, ctx, credentials)) {
				return await finishSigned.call(this, ctx, credentials, now);
			}
			memory.outcome = 'unavailable';
			sendPage.call(this, ctx, { kind: 'unavailable', now, status: 409 });
			return { noWebhookResponse: true };
		}
		this.logger.warn(
			`Uanataca One-Shot signing page: Generate OTP for request ${ctx.requestPk} failed: ${message}`,
		);
		sendPage.call(this, ctx, { kind: 'error', now, status: 502 });
		return { noWebhookResponse: true };
	}
	memory.progress = {
		...memory.progress,
		sentAt: Math.max(memory.progress.sentAt, now),
		sends: memory.progress.sends + 1,
	};
	sendPage.call(this, ctx, { kind: 'codeSent', now });
	return { noWebhookResponse: true };
}

async function signWithCode(
	this: IWebhookFunctions,
	ctx: PageContext,
	credentials: OneShotCredentials,
	body: IDataObject,
	now: number,
): Promise<IWebhookResponseData> {
	const { memory } = ctx;
	if (!memory.progress.readAt) {
		sendPage.call(this, ctx, { kind: 'review', now, notice: 'readMissing' });
		return { noWebhookResponse: true };
	}
	const code = field(body, 'code').replace(/\s+/g, '');
	if (!code || code.length > MAX_CODE_LENGTH) {
		sendPage.call(this, ctx, { kind: 'codeSent', now, notice: 'codeMissing' });
		return { noWebhookResponse: true };
	}
	let response;
	try {
		response = await oneShotApiRequest.call(
			this,
			{
				endpoint: 'request.sign',
				params: { requestPk: ctx.requestPk },
				body: { secret: code },
				secrets: [code],
				timeoutMs: 300_000,
			},
			credentials,
		);
	} catch (error) {
		const status = httpCode(error);
		const message = errorText(error);
		if (status === '403' && /confirmation code/i.test(message)) {
			memory.progress = { ...memory.progress, attempts: memory.progress.attempts + 1 };
			if (attemptsLeft(memory.progress, ctx.maxAttempts) <= 0) {
				return finishLocked.call(this, ctx, Date.now());
			}
			sendPage.call(this, ctx, {
				kind: 'codeSent',
				now: Date.now(),
				notice: 'wrongCode',
			});
			return { noWebhookResponse: true };
		}
		if (status === '412' && /already in ISSUED/i.test(message)) {
			// signed already (or being signed): the Optimizer has a signed copy, or soon will
			memory.submittedAt ||= now;
			return await awaitSignature.call(this, ctx, credentials, PAGE_TIMING.signingWaitMs);
		}
		if (status === '412' || status === '404') {
			memory.outcome = 'unavailable';
			sendPage.call(this, ctx, { kind: 'unavailable', now, status: 409 });
			return { noWebhookResponse: true };
		}
		// the connection broke, or the Optimizer failed: the signature may or may not have
		// happened. A signed copy says it did; otherwise the signer may try again.
		this.logger.warn(
			`Uanataca One-Shot signing page: Sign for request ${ctx.requestPk} failed: ${message}`,
		);
		if (await signedNow.call(this, ctx, credentials).catch(() => false)) {
			return await finishSigned.call(this, ctx, credentials, Date.now());
		}
		sendPage.call(this, ctx, { kind: 'error', now: Date.now(), status: 502 });
		return { noWebhookResponse: true };
	}
	memory.submittedAt = now;
	const text = messageOf(response.body) ?? '';
	memory.asyncMode = /going to be signed|few seconds|in progress|accepted/i.test(text);
	return await awaitSignature.call(
		this,
		ctx,
		credentials,
		memory.asyncMode ? PAGE_TIMING.signingWaitMs : 0,
	);
}

// --- the Optimizer's notices to {{ $execution.resumeUrl }} while the page waits -----------------

const CANCELLED = new Set(['CANCELLED', 'REQUEST_CANCELED', 'VIDEOID_REFUSED', 'VIDEOID_FAILED']);
const SIGNED = new Set(['ISSUED', 'REQUEST_ENROLLED']);

async function optimizerNotice(
	this: IWebhookFunctions,
	ctx: PageContext,
	now: number,
): Promise<IWebhookResponseData> {
	let event: NormalizedCallback;
	try {
		event = normalizeCallback((await readBody.call(this)).value);
	} catch (error) {
		const status = error instanceof BadCallback ? error.httpStatus : 400;
		return answer.call(this, status, 'Not a One-Shot notification');
	}
	if (event.requestPk !== ctx.requestPk) return { webhookResponse: '' };
	const { memory } = ctx;
	if (CANCELLED.has(event.status) || CANCELLED.has(event.eventType)) {
		if (memory.outcome || !claimResume(memory)) return { webhookResponse: '' };
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
						message: `Request ${ctx.requestPk} was cancelled or refused (${event.eventType === 'STATUS_CHANGED' ? event.status : event.eventType}); nothing was signed.`,
					}),
				],
			],
		};
	}
	if (!SIGNED.has(event.status) && !SIGNED.has(event.eventType)) return { webhookResponse: '' };
	// the signer is at the page: the page confirms the signature and shows it to them
	if (memory.outcome || pageActive(memory, now)) return { webhookResponse: '' };
	return await exclusive(memory, async () => {
		if (memory.outcome) return { webhookResponse: '' };
		try {
			const credentials = await getOneShotCredentials.call(this);
			if (!(await signedNow.call(this, ctx, credentials))) {
				this.logger.warn(
					`Uanataca One-Shot signing page: notice that request ${ctx.requestPk} is signed not confirmed by the Optimizer; still waiting`,
				);
				return { webhookResponse: '' };
			}
			return await finishSigned.call(this, ctx, credentials, Date.now(), {
				notifiedStatus: event.status,
			});
		} catch (error) {
			this.logger.warn(
				`Uanataca One-Shot signing page: could not confirm the signature of request ${ctx.requestPk}: ${errorText(error)}`,
			);
			return answer.call(this, 503, 'The signature could not be confirmed yet; please retry');
		}
	});
}

/**
 * Every request to this execution's waiting webhooks while the page waits: the page (GET), its
 * documents (GET ?doc=), its actions (POST), and the Optimizer's notices (POST without /page).
 * Nothing here may throw: an error would end the waiting execution.
 */
export async function webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const now = Date.now();
	let ctx: PageContext;
	try {
		ctx = loadContext.call(this, now);
	} catch (error) {
		return answer.call(
			this,
			409,
			error instanceof NotAPage ? error.message : 'This signing page cannot be shown',
		);
	}
	if (!ctx.isPage) {
		try {
			return await optimizerNotice.call(this, ctx, now);
		} catch (error) {
			this.logger.warn(`Uanataca One-Shot signing page: notice not handled: ${errorText(error)}`);
			return answer.call(this, 503, 'Please retry');
		}
	}
	const res = this.getResponseObject() as unknown as { headersSent?: boolean };
	try {
		const method = String(this.getRequestObject().method ?? 'GET').toUpperCase();
		if (method === 'GET') {
			const doc = (this.getQueryData() as IDataObject).doc;
			if (doc !== undefined) return await streamDocument.call(this, ctx, String(doc), now);
			return await showPage.call(this, ctx, now);
		}
		return await handleAction.call(this, ctx, now);
	} catch (error) {
		this.logger.warn(
			`Uanataca One-Shot signing page of request ${ctx.requestPk}: ${errorText(error)}`,
		);
		if (!res.headersSent) sendPage.call(this, ctx, { kind: 'error', now: Date.now(), status: 500 });
		return { noWebhookResponse: true };
	}
}
