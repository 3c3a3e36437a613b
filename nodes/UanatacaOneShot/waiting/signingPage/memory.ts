/**
 * What this n8n process remembers of the signing pages it serves, by execution id: the signer's
 * progress, the nonces already used, whether a code was accepted, the final outcome, and a queue
 * that runs one page action of an execution at a time (two submissions of the same form, or a
 * page action and the Optimizer's callback, never overlap: Sign is never called twice).
 * Bounded: pages long closed are forgotten first, then closed idle ones; an open or busy page never
 * is, and a new page is refused with a clear message instead (PagesFull).
 */
import type { Outcome, Progress } from './state';
import { NO_PROGRESS } from './state';

export interface PageMemory {
	progress: Progress;
	/** nonces of the page tokens already used (the last few) */
	nonces: string[];
	/** when the Optimizer accepted a code (ms), 0 = not yet */
	submittedAt: number;
	/** when the signer last loaded or submitted the page (ms) */
	lastSeen: number;
	outcome?: Outcome;
	/** when the signature was confirmed (ms) */
	signedAt?: number;
	/** whether the Optimizer accepted the code to sign in the background (asynchronous mode) */
	asyncMode?: boolean;
	/** whether this process already resumed (or is resuming) the execution */
	resumeClaimed: boolean;
	expiresAt: number;
	/** page actions running or queued */
	busy: number;
	queue: Promise<void>;
}

/** Waits of the page (changed by tests only). */
export const PAGE_TIMING = {
	/** how long a page action waits for an asynchronous signature before "completing…" */
	signingWaitMs: 90_000,
	/** how often it checks the Optimizer meanwhile */
	signingPollMs: 1_500,
	/** a signer who loaded the page this recently is taken to be still there */
	presenceMs: 15_000,
};

/** How many pages one process keeps (changed by tests only). */
export const PAGE_LIMITS = { maxEntries: 1000 };
const MAX_NONCES = 50;

/** No room for one more page: every page kept is open or busy (none may be forgotten). */
export class PagesFull extends Error {
	constructor() {
		super(
			'Too many signing pages are open on this n8n right now. Please try again in a few minutes.',
		);
		this.name = 'PagesFull';
	}
}
/** how long an entry is kept after its page closed (late requests still get a clear page) */
const KEEP_AFTER_EXPIRY_MS = 60 * 60_000;

const entries = new Map<string, PageMemory>();

/**
 * Makes room for one more page: forgets pages long closed, then (when still full) closed idle
 * ones (time limit reached, or signed, locked or cancelled), oldest first. A page that is open or
 * busy (an action or a Sign call running) is never forgotten: that would lose its progress and
 * its used tokens, and a second submission could call Sign again.
 * Whether there is room now.
 */
function prune(now: number): boolean {
	for (const [id, entry] of entries) {
		if (entry.busy === 0 && entry.expiresAt + KEEP_AFTER_EXPIRY_MS < now) entries.delete(id);
	}
	for (const [id, entry] of entries) {
		if (entries.size < PAGE_LIMITS.maxEntries) break;
		const closed = entry.expiresAt <= now || entry.outcome !== undefined;
		if (entry.busy === 0 && closed) entries.delete(id);
	}
	return entries.size < PAGE_LIMITS.maxEntries;
}

/** The memory of a page; PagesFull when a new page finds no room (see prune). */
export function pageMemory(executionId: string, expiresAt: number, now: number): PageMemory {
	let entry = entries.get(executionId);
	if (!entry) {
		if (!prune(now)) throw new PagesFull();
		entry = {
			progress: { ...NO_PROGRESS },
			nonces: [],
			submittedAt: 0,
			lastSeen: 0,
			resumeClaimed: false,
			expiresAt,
			busy: 0,
			queue: Promise.resolve(),
		};
		entries.set(executionId, entry);
	}
	entry.expiresAt = Math.max(entry.expiresAt, expiresAt);
	return entry;
}

/** For tests: forget every page. */
export function forgetPages() {
	entries.clear();
}

/** Runs `action` after the page actions of the same execution queued before it. */
export async function exclusive<T>(entry: PageMemory, action: () => Promise<T>): Promise<T> {
	const before = entry.queue;
	let release: () => void = () => {};
	entry.queue = new Promise<void>((resolve) => {
		release = resolve;
	});
	entry.busy++;
	try {
		await before;
		return await action();
	} finally {
		entry.busy--;
		release();
	}
}

/** Records a token's nonce; false when it was used before (a repeated submission). */
export function useNonce(entry: PageMemory, nonce: string): boolean {
	if (entry.nonces.includes(nonce)) return false;
	entry.nonces.push(nonce);
	if (entry.nonces.length > MAX_NONCES) entry.nonces.shift();
	return true;
}

/** The right to resume the execution, given once per process. */
export function claimResume(entry: PageMemory): boolean {
	if (entry.resumeClaimed) return false;
	entry.resumeClaimed = true;
	return true;
}

export function releaseResume(entry: PageMemory) {
	entry.resumeClaimed = false;
}

/**
 * Whether the signer is at the page right now (an action running, or the "completing your
 * signature" page refreshing itself): then the page itself resumes the execution.
 */
export function pageActive(entry: PageMemory, now: number): boolean {
	return entry.busy > 0 || (entry.submittedAt > 0 && now - entry.lastSeen < PAGE_TIMING.presenceMs);
}
