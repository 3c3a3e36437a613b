/**
 * What every route of the signing page works with: the page's context, loaded from the parked
 * execution (custom data and the node's kept input), and the page sent back as it stands.
 */
import type { IDataObject, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { PAGE_KEY_PARAMETER } from '../../../shared/callbacks/callbackKey';
import { hasSignedCopy } from '../../../shared/signing/signed';
import { binaryPrefix } from '../../../shared/signing/parking';
import type { OneShotCredentials } from '../../../shared/transport';
import { batchPage } from './batch';
import type { PageDocumentInfo, SignerInfo } from './common';
import { DEFAULT_MAX_ATTEMPTS, isPageRequest, readLook } from './common';
import type { PageMemory } from './memory';
import { pageMemory } from './memory';
import type { PageLook } from './look';
import type { ProgressStore } from './progressStore';
import type { NoticeKey, PageKind, PageView } from './render';
import { formatDateTime, pageHeaders, renderPage } from './render';
import type { Outcome, Progress } from './state';
import {
	OTP_COOLDOWN_MS,
	PAGE_STATE_KEY,
	attemptsLeft,
	cooldownSeconds,
	createPageToken,
	decodeStoredState,
	randomToken,
} from './state';
import { TEXTS, pageLanguage } from './texts';

export interface PageContext {
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
	/** several pages in one execution (./batch): the node's kept items, one per request */
	batch?: INodeExecutionData[];
	/** the key the batch's page keys derive from (./batch) */
	batchKey?: string;
	memory: PageMemory;
	/** the data table keeping the signers' progress (./progressStore), if any */
	storeTable?: string;
	/** where this page's progress is kept, once read (./progressStore) */
	store?: ProgressStore;
	/** the progress the data table held when this request read it (./progressStore) */
	kept?: Progress;
}

export class NotAPage extends Error {}

function safeParameter<T>(read: () => T, fallback: T): T {
	try {
		return read();
	} catch {
		return fallback;
	}
}

/** What the page needs, from the parked execution (custom data and the node's kept input). */
export function loadContext(this: IWebhookFunctions, now: number): PageContext {
	const stored = decodeStoredState(this.customData.get(PAGE_STATE_KEY));
	if (!stored) throw new NotAPage('This execution is not waiting at a signing page');
	const batch = stored.pk === 0 ? batchPage.call(this, stored.k) : undefined;
	const secret = batch?.secret ?? stored.k;
	const kept = batch
		? (batch.kept as { documents?: PageDocumentInfo[]; signer?: Partial<SignerInfo> })
		: safeParameter(
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
	const pageKey = typeof query[PAGE_KEY_PARAMETER] === 'string' ? query[PAGE_KEY_PARAMETER] : '';
	return {
		executionId,
		requestPk: batch?.requestPk ?? stored.pk,
		secret,
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
		prefix: binaryPrefix(options),
		deliveryMethod: typeof options.deliveryMethod === 'string' ? options.deliveryMethod : undefined,
		timeZone: safeParameter(() => this.getTimezone(), undefined as string | undefined),
		pageHref: `?signature=${encodeURIComponent(signature)}${pageKey ? `&${PAGE_KEY_PARAMETER}=${encodeURIComponent(pageKey)}` : ''}`,
		isPage: isPageRequest(this.getRequestObject()),
		// one memory per parked page (an execution may show several pages one after the other)
		memory: pageMemory(`${executionId}/${secret.slice(0, 12)}`, stored.x, now),
		batch: batch?.items,
		batchKey: batch ? stored.k : undefined,
		storeTable: stored.t,
	};
}

export interface Render {
	kind: PageKind;
	notice?: NoticeKey;
	status?: number;
	now: number;
	progress?: Progress;
}

export function sendPage(this: IWebhookFunctions, ctx: PageContext, render: Render) {
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

export function outcomeKind(outcome: Outcome): PageKind {
	return outcome === 'signed' ? 'signed' : outcome === 'locked' ? 'locked' : 'unavailable';
}

export function httpCode(error: unknown): string | undefined {
	return error instanceof NodeApiError ? (error.httpCode ?? undefined) : undefined;
}

export function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** Whether the page's request is signed (../../../shared/signing/signed); failures are thrown. */
export async function signedNow(
	this: IWebhookFunctions,
	ctx: PageContext,
	credentials: OneShotCredentials,
): Promise<boolean> {
	const uids = ctx.documents.map((doc) => doc.uid);
	return await hasSignedCopy.call(this, credentials, ctx.requestPk, uids, { timeoutMs: 30_000 });
}
