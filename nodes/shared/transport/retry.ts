/**
 * When a call is tried again: idempotent reads (GET) only, on 429, 5xx and network faults, with
 * capped back-off. Anything that changes state is never retried (a duplicate signature request is
 * a legal act).
 */
import type { NetworkFailure } from './errors';

export const MAX_ATTEMPTS = 4;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
const RETRYABLE_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'EPIPE',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EAI_AGAIN',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

export function retryDelay(attempt: number, retryAfter: string | undefined): number {
	const seconds = retryAfter !== undefined ? Number(retryAfter) : NaN;
	if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_DELAY_MS);
	return Math.min(BASE_DELAY_MS * 2 ** attempt, MAX_DELAY_MS);
}

export function isRetryableNetworkFailure(failure: NetworkFailure): boolean {
	return !failure.code || RETRYABLE_NETWORK_CODES.has(failure.code);
}

export function isRetryableStatus(status: number): boolean {
	return RETRYABLE_STATUSES.has(status);
}

/** n8n's helpers may wrap axios errors: dig for the original code and message. */
export function networkFailureOf(error: unknown): NetworkFailure {
	const seen = new Set<unknown>();
	let current: unknown = error;
	let code: string | undefined;
	let message = '';
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const e = current as { code?: unknown; message?: unknown; cause?: unknown; context?: unknown };
		if (!code && typeof e.code === 'string' && /^E[A-Z_]+$/.test(e.code)) code = e.code;
		if (!message && typeof e.message === 'string') message = e.message;
		current = e.cause;
	}
	if (!code) {
		const match = /\b(E[A-Z]{4,}[A-Z_]*)\b/.exec(message);
		if (match) code = match[1];
	}
	return { code, message };
}
