/**
 * How a One-Shot notice is read by everything that waits for a signature (Sign, Sign via Signing
 * Page, the trigger): signed, cancelled, or neither (an intermediate step). Statuses and events:
 * docs/optimizer-api.md#statuses-and-asynchronous-mode.
 */
import type { NormalizedCallback } from '../callbacks/normalize';

/** Statuses and events after which nothing will be signed. */
export const CANCELLED_STATUSES: ReadonlySet<string> = new Set([
	'CANCELLED',
	'REQUEST_CANCELED',
	'VIDEOID_REFUSED',
	'VIDEOID_FAILED',
]);

/** Statuses and events that claim the request is signed (to be confirmed with the Optimizer). */
export const SIGNED_STATUSES: ReadonlySet<string> = new Set(['ISSUED', 'REQUEST_ENROLLED']);

export type NoticeKind = 'signed' | 'cancelled' | 'intermediate';

/** What a notice says about the signature, by its status or its event type. */
export function classifyNotice(
	event: Pick<NormalizedCallback, 'status' | 'eventType'>,
): NoticeKind {
	if (CANCELLED_STATUSES.has(event.status) || CANCELLED_STATUSES.has(event.eventType)) {
		return 'cancelled';
	}
	if (SIGNED_STATUSES.has(event.status) || SIGNED_STATUSES.has(event.eventType)) return 'signed';
	return 'intermediate';
}

/** The output message of a request that a notice reports cancelled or refused. */
export function cancelledMessage(
	requestPk: number,
	event: Pick<NormalizedCallback, 'status' | 'eventType'>,
): string {
	const what = event.eventType === 'STATUS_CHANGED' ? event.status : event.eventType;
	return `Request ${requestPk} was cancelled or refused (${what}); nothing was signed.`;
}

/** Callbacks that report a finished signature (signed documents should exist). */
export function reportsIssued(event: NormalizedCallback): boolean {
	if (event.eventType === 'REQUEST_ENROLLED') return true;
	return event.eventType === 'STATUS_CHANGED' && event.status === 'ISSUED';
}
