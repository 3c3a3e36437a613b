/**
 * How a One-Shot notice is read: which statuses and events mean signed, cancelled, or neither.
 */
import type { NormalizedCallback } from '../callbacks/normalize';

/** Callbacks that report a finished signature (signed documents should exist). */
export function reportsIssued(event: NormalizedCallback): boolean {
	if (event.eventType === 'REQUEST_ENROLLED') return true;
	return event.eventType === 'STATUS_CHANGED' && event.status === 'ISSUED';
}
