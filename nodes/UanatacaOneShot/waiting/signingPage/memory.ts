/**
 * What this n8n process remembers of the signing pages it serves, by execution id: the signer's
 * progress, the nonces already used, whether a code was accepted, the final outcome, and a queue
 * that runs one page action of an execution at a time (two submissions of the same form, or a
 * page action and the Optimizer's callback, never overlap: Sign is never called twice).
 * Bounded (oldest entries go first) and pruned once a page's time limit is long past.
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

const MAX_ENTRIES = 1000;
const MAX_NONCES = 50;
/** how long an entry is kept after its page closed (late requests still get a clear page) */
const KEEP_AFTER_EXPIRY_MS = 60 * 60_000;

const entries = new Map<string, PageMemory>();

function prune(now: number) {
	for (const [id, entry] of entries) {
		if (entry.busy === 0 && entry.expiresAt + KEEP_AFTER_EXPIRY_MS < now) entries.delete(id);
	}
	while (entries.size >= MAX_ENTRIES) {
		const oldest = entries.keys().next().value as string | undefined;
		if (oldest === undefined) break;
		entries.delete(oldest);
	}
}

export function pageMemory(executionId: string, expiresAt: number, now: number): PageMemory {
	let entry = entries.get(executionId);
	if (!entry) {
		prune(now);
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
