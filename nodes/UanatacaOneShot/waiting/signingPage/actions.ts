/**
 * POST /page: the page's actions. Every action carries the page token (./state); one action of a
 * page runs at a time (./memory) and a used token cannot act again, so a repeated or concurrent
 * submission never calls Sign twice. "send": Generate OTP (the code by SMS); "sign": Sign with
 * the code the signer entered.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { SignAnswer } from '../../../shared/signing/signCall';
import { callSign } from '../../../shared/signing/signCall';
import type { OneShotCredentials } from '../../../shared/transport';
import { getOneShotCredentials, oneShotApiRequest } from '../../../shared/transport';
import type { PageContext } from './context';
import { errorText, httpCode, outcomeKind, sendPage, signedNow } from './context';
import { PAGE_TIMING, exclusive, useNonce } from './memory';
import { awaitSignature, finishLocked, finishSigned } from './outcome';
import { changeProgress, syncProgress } from './progressStore';
import type { NoticeKey } from './render';
import type { Progress } from './state';
import { attemptsLeft, cooldownSeconds, mergeProgress, pageKind, readPageToken } from './state';

const MAX_CODE_LENGTH = 64;
/** codes one page may have sent (each is a text message to the signer) */
const MAX_CODES_SENT = 5;

/**
 * Whether a failed Sign counts as a wrong code: every refusal (a 4xx answer, whatever its wording:
 * 400 "Invalid OTP", 401, 403, 422, …) except "already signed" and "not signable" (412, 404) and
 * "too many requests" (429). Only an Optimizer that cannot answer (5xx, no answer) does not count.
 */
export function isWrongCode(status: string | undefined): boolean {
	const code = Number(status);
	if (!Number.isInteger(code) || code < 400 || code >= 500) return false;
	return code !== 412 && code !== 404 && code !== 429;
}

function field(body: IDataObject, name: string): string {
	const value = body[name];
	if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : '';
	return typeof value === 'string' ? value : '';
}

/** POST: an action of the page ("send" a code, "sign" with it). */
export async function handleAction(this: IWebhookFunctions, ctx: PageContext, now: number) {
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
		await syncProgress.call(this, ctx);
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

/** Why no code may be sent now, if so: one a minute (the Optimizer's rule), a few per page. */
function codeRefusal(progress: Progress, now: number): NoticeKey | undefined {
	if (cooldownSeconds(progress, now) > 0) return 'waitBeforeResend';
	// every code is a text message: a page sends a few, not one a minute all day long
	if (progress.sends >= MAX_CODES_SENT) return 'noMoreCodes';
	return undefined;
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
	let refusal = codeRefusal(memory.progress, now);
	if (!refusal && ctx.store) {
		// the code is claimed in the data table first: no other process or page can spend it too
		const { readAt } = memory.progress;
		const claimed = await changeProgress.call(
			this,
			ctx.store,
			memory.progress,
			(kept) =>
				codeRefusal(kept, now)
					? undefined
					: { ...kept, sends: kept.sends + 1, sentAt: now, readAt: kept.readAt || readAt },
			ctx.kept,
		);
		memory.progress = mergeProgress(memory.progress, claimed.before);
		if (!claimed.after) refusal = codeRefusal(memory.progress, now) ?? 'noMoreCodes';
	}
	if (refusal) {
		sendPage.call(this, ctx, { kind: 'codeSent', now, notice: refusal });
		return { noWebhookResponse: true };
	}
	const failed = await requestCode.call(this, ctx, credentials, now);
	if (failed) return failed;
	memory.progress = {
		...memory.progress,
		sentAt: Math.max(memory.progress.sentAt, now),
		sends: memory.progress.sends + 1,
	};
	sendPage.call(this, ctx, { kind: 'codeSent', now });
	return { noWebhookResponse: true };
}

/**
 * A claimed code or attempt the Optimizer did not take (it failed, or a code had just gone
 * out) is given back to the signer; `sentAt` (when no code went out) is undone too.
 */
async function giveBack(
	this: IWebhookFunctions,
	ctx: PageContext,
	what: 'sends' | 'attempts',
	sentAt?: number,
): Promise<void> {
	if (!ctx.store) return;
	const before = ctx.memory.progress.sentAt;
	await changeProgress
		.call(this, ctx.store, ctx.memory.progress, (kept) =>
			kept[what] > 0
				? {
						...kept,
						[what]: kept[what] - 1,
						sentAt: sentAt !== undefined && kept.sentAt === sentAt ? before : kept.sentAt,
					}
				: undefined,
		)
		.catch((error: unknown) => {
			this.logger.warn(
				`Uanataca One-Shot signing page of request ${ctx.requestPk}: a claimed ${what === 'sends' ? 'code' : 'attempt'} could not be given back: ${errorText(error)}`,
			);
		});
}

/** Generate OTP: undefined when the code went out, else the page to answer with. */
async function requestCode(
	this: IWebhookFunctions,
	ctx: PageContext,
	credentials: OneShotCredentials,
	now: number,
): Promise<IWebhookResponseData | undefined> {
	const { memory } = ctx;
	const request: IDataObject = {};
	if (ctx.deliveryMethod) request.delivery_method = ctx.deliveryMethod;
	try {
		await oneShotApiRequest.call(
			this,
			{ endpoint: 'request.generateOtp', params: { requestPk: ctx.requestPk }, body: request },
			credentials,
		);
		return undefined;
	} catch (error) {
		const code = httpCode(error);
		const message = errorText(error);
		const recent = code === '412' && /less than a minute/i.test(message);
		// no code went out: the claimed one is given back before the signer sees any page
		await giveBack.call(this, ctx, 'sends', recent ? undefined : now);
		if (recent) {
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
}

/**
 * With a data table (./progressStore): claims one attempt there before Sign is called; false when
 * none is left (another process or page used the last one).
 */
async function claimAttempt(this: IWebhookFunctions, ctx: PageContext): Promise<boolean> {
	const { memory } = ctx;
	if (!ctx.store) return true;
	const claimed = await changeProgress.call(
		this,
		ctx.store,
		memory.progress,
		(kept) =>
			attemptsLeft(kept, ctx.maxAttempts) > 0
				? { ...kept, attempts: kept.attempts + 1 }
				: undefined,
		ctx.kept,
	);
	memory.progress = mergeProgress(memory.progress, claimed.before);
	return claimed.after !== undefined;
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
	if (!(await claimAttempt.call(this, ctx))) return finishLocked.call(this, ctx, Date.now());
	let signAnswer: SignAnswer;
	try {
		signAnswer = await callSign.call(this, credentials, ctx.requestPk, { secret: code }, [code]);
	} catch (error) {
		const status = httpCode(error);
		const message = errorText(error);
		if (isWrongCode(status)) {
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
		await giveBack.call(this, ctx, 'attempts');
		if (await signedNow.call(this, ctx, credentials).catch(() => false)) {
			return await finishSigned.call(this, ctx, credentials, Date.now());
		}
		sendPage.call(this, ctx, { kind: 'error', now: Date.now(), status: 502 });
		return { noWebhookResponse: true };
	}
	memory.submittedAt = now;
	memory.asyncMode = signAnswer.accepted;
	return await awaitSignature.call(
		this,
		ctx,
		credentials,
		memory.asyncMode ? PAGE_TIMING.signingWaitMs : 0,
	);
}
