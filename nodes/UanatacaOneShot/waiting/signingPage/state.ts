/**
 * The signing page's state between requests, and the token each page carries.
 *
 * n8n saves nothing of a waiting execution while its waiting webhook answers without resuming
 * it (neither execution data nor workflow static data: WaitingWebhooks only loads the
 * execution), so the progress of a signer (code sent at, codes sent, wrong codes, read
 * confirmed at) lives in the memory of the n8n process (./memory), in the page token of every
 * form, which carries the progress signed with an HMAC whose key was stored with the parked
 * execution (custom data), and (version 3's default) in an n8n data table (./progressStore),
 * which survives a restart or another webhook process. The token also proves that a POST comes from a page this
 * execution served (CSRF), and its nonce, once used, makes a repeated submission harmless.
 * The Optimizer's own answers are the final word: a code already sent less than a minute ago
 * (412), a request already signed (412 ISSUED, a signed copy exists).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'crypto';

import { readParkedState } from '../../../shared/signing/parking';

/** Execution custom-data key of a parked signing page (≤ 50 characters, value ≤ 512). */
export const PAGE_STATE_KEY = 'uanatacaOneShotPage';

/** The Optimizer sends at most one code per minute and request. */
export const OTP_COOLDOWN_MS = 60_000;

/** What the parked execution keeps for its page (custom data, persisted with the execution). */
export interface StoredPageState {
	v: 1;
	/** request pk */
	pk: number;
	/** HMAC key of the page tokens */
	k: string;
	/** when the page closes (ms since the epoch): the node's time limit */
	x: number;
	/** the data table keeping the signers' progress (./progressStore), if any */
	t?: string;
}

export function encodeStoredState(state: StoredPageState): string {
	return JSON.stringify(state);
}

export function decodeStoredState(text: unknown): StoredPageState | undefined {
	return readParkedState<Partial<StoredPageState>>(
		text,
		(value) =>
			value.v === 1 &&
			Number.isSafeInteger(value.pk) &&
			typeof value.k === 'string' &&
			value.k.length >= 16 &&
			typeof value.x === 'number' &&
			(value.t === undefined || (typeof value.t === 'string' && value.t.length > 0)),
	) as StoredPageState | undefined;
}

/** A signer's progress through the page. Every field only ever grows. */
export interface Progress {
	/** when the last code was sent (ms), 0 = never */
	sentAt: number;
	/** how many codes were sent */
	sends: number;
	/** how many wrong codes were entered */
	attempts: number;
	/** when the signer confirmed having read the documents (ms), 0 = not yet */
	readAt: number;
}

export const NO_PROGRESS: Progress = { sentAt: 0, sends: 0, attempts: 0, readAt: 0 };

/** The furthest of two views of the same progress (memory and token may each lag). */
export function mergeProgress(a: Progress, b: Progress): Progress {
	return {
		sentAt: Math.max(a.sentAt, b.sentAt),
		sends: Math.max(a.sends, b.sends),
		attempts: Math.max(a.attempts, b.attempts),
		readAt: a.readAt && b.readAt ? Math.min(a.readAt, b.readAt) : a.readAt || b.readAt,
	};
}

/** Whole seconds before the Optimizer accepts a new code request. */
export function cooldownSeconds(progress: Progress, now: number): number {
	if (!progress.sentAt) return 0;
	return Math.max(0, Math.ceil((progress.sentAt + OTP_COOLDOWN_MS - now) / 1000));
}

export function attemptsLeft(progress: Progress, maxAttempts: number): number {
	return Math.max(0, maxAttempts - progress.attempts);
}

export type Outcome = 'signed' | 'locked' | 'cancelled' | 'unavailable';

/** Which page a signer sees, from what is known (no I/O). */
export function pageKind(args: {
	now: number;
	expiresAt: number;
	progress: Progress;
	maxAttempts: number;
	outcome?: Outcome;
	/** the Optimizer accepted a code and is signing */
	submitted?: boolean;
}): 'review' | 'codeSent' | 'signing' | 'signed' | 'locked' | 'expired' | 'unavailable' {
	if (args.outcome === 'signed') return 'signed';
	if (args.outcome === 'locked') return 'locked';
	if (args.outcome === 'cancelled' || args.outcome === 'unavailable') return 'unavailable';
	if (args.submitted) return 'signing';
	if (args.now >= args.expiresAt) return 'expired';
	if (attemptsLeft(args.progress, args.maxAttempts) <= 0) return 'locked';
	return args.progress.sentAt ? 'codeSent' : 'review';
}

// --- tokens --------------------------------------------------------------------------------------

interface TokenBody {
	/** execution id */
	e: string;
	/** nonce: one submission per rendered page */
	n: string;
	/** issued at (ms) */
	i: number;
	s: number;
	c: number;
	a: number;
	r: number;
}

export interface PageToken extends Progress {
	executionId: string;
	nonce: string;
	issuedAt: number;
}

export function randomToken(bytes = 18): string {
	return randomBytes(bytes).toString('base64url');
}

function mac(secret: string, payload: string): Buffer {
	return createHmac('sha256', secret).update(`oneshot-page.v1.${payload}`).digest();
}

export function createPageToken(
	secret: string,
	executionId: string,
	progress: Progress,
	now: number,
	nonce: string = randomToken(12),
): string {
	const body: TokenBody = {
		e: executionId,
		n: nonce,
		i: now,
		s: progress.sentAt,
		c: progress.sends,
		a: progress.attempts,
		r: progress.readAt,
	};
	const payload = Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
	return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

const MAX_TOKEN_LENGTH = 1024;

/**
 * How long a page token can act. An older one (a page left open, or replayed after the process
 * that served it restarted and forgot which tokens were used) gets "this page is out of date":
 * reloading the link gives a fresh one carrying the progress as this process knows it.
 */
export const PAGE_TOKEN_MAX_AGE_MS = 30 * 60_000;

/** The token's content when it is genuine and belongs to this execution, else undefined. */
export function readPageToken(
	secret: string,
	executionId: string,
	token: unknown,
	now: number,
): PageToken | undefined {
	if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return undefined;
	const [payload, signature, extra] = token.split('.');
	if (!payload || !signature || extra !== undefined) return undefined;
	const expected = mac(secret, payload);
	const given = Buffer.from(signature, 'base64url');
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
	let body: Partial<TokenBody>;
	try {
		body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<TokenBody>;
	} catch {
		return undefined;
	}
	const numbers = [body.i, body.s, body.c, body.a, body.r];
	if (body.e !== executionId || typeof body.n !== 'string') return undefined;
	if (!numbers.every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0))
		return undefined;
	// a token from the future was not made by this clock; an old one may be a replay
	if ((body.i as number) > now + 60_000) return undefined;
	if (now - (body.i as number) > PAGE_TOKEN_MAX_AGE_MS) return undefined;
	return {
		executionId: body.e,
		nonce: body.n,
		issuedAt: body.i as number,
		sentAt: body.s as number,
		sends: body.c as number,
		attempts: body.a as number,
		readAt: body.r as number,
	};
}
