/**
 * De-duplication memory kept in the workflow's static data (`getWorkflowStaticData('node')`).
 *
 * Key: request pk + status + event type + the timestamp as sent. The memory is bounded: entries
 * older than MAX_AGE_MS are forgotten and at most MAX_KEYS of the newest are kept, whichever is
 * smaller. Limits of this design (documented in docs/trigger.md): n8n saves static data
 * last-writer-wins, so two identical callbacks processed at the same time can both pass; and
 * static data is only persisted for production (published) workflows.
 */
import type { IDataObject } from 'n8n-workflow';

import type { NormalizedCallback } from '../shared/callbacks/normalize';

export const MAX_KEYS = 500;
export const MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/** Static data field holding `[key, firstSeenMs]` pairs, oldest first. */
const FIELD = 'seenCallbacks';

type Entry = [string, number];

export function dedupeKey(event: NormalizedCallback): string {
	// A callback without a date: the same notice again is a duplicate; a new transition to the
	// same status is told apart by its previous status.
	const when = event.timestampRaw || `received:${event.previousStatus ?? ''}`;
	return [event.requestPk, event.status, event.eventType, when].join('|');
}

function entries(store: IDataObject, now: number): Entry[] {
	const raw = store[FIELD];
	if (!Array.isArray(raw)) return [];
	const out: Entry[] = [];
	for (const entry of raw as unknown[]) {
		if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'number')
			continue;
		// forget old entries, and ones dated in the future (clock changes)
		if (entry[1] <= now - MAX_AGE_MS || entry[1] > now + MAX_AGE_MS) continue;
		out.push([entry[0], entry[1]]);
	}
	return out.slice(-MAX_KEYS);
}

export function hasSeen(store: IDataObject, key: string, now = Date.now()): boolean {
	return entries(store, now).some(([k]) => k === key);
}

/** Remembers a key (a no-op if already known) and prunes the memory. */
export function remember(store: IDataObject, key: string, now = Date.now()): void {
	const list = entries(store, now).filter(([k]) => k !== key);
	list.push([key, now]);
	store[FIELD] = list.slice(-MAX_KEYS);
}

/** Number of remembered keys (for tests and diagnostics). */
export function rememberedCount(store: IDataObject, now = Date.now()): number {
	return entries(store, now).length;
}

export function clearMemory(store: IDataObject): void {
	delete store[FIELD];
}

/**
 * A second memory, in this n8n process: n8n 2.41 does not persist the static data a webhook
 * trigger changes when it starts an execution (the run's fresh Workflow object resets the
 * "changed" flag before the answer is sent, so nothing is saved), which made the static-data
 * memory alone useless there. Within one process this memory is exact, also for duplicates that
 * arrive at the same moment: checking and reserving a key happen without any await in between.
 * It is lost on restart and not shared between the webhook processes of queue mode, where the
 * static-data memory (when n8n persists it) is what remains.
 */
const MAX_SCOPES = 1000;
const processMemory = new Map<string, Map<string, number>>();

function scopeMemory(scope: string, now: number): Map<string, number> {
	let memory = processMemory.get(scope);
	if (!memory) {
		memory = new Map();
		processMemory.set(scope, memory);
		if (processMemory.size > MAX_SCOPES) {
			const oldest = processMemory.keys().next().value;
			if (oldest !== undefined) processMemory.delete(oldest);
		}
	}
	for (const [key, at] of memory) {
		if (at > now - MAX_AGE_MS && memory.size <= MAX_KEYS) break;
		memory.delete(key); // insertion order = age order: prune from the oldest
	}
	return memory;
}

/**
 * Atomically checks and reserves `key` in this process: false when it is already known (a
 * duplicate), true when this callback may go on. Release a reservation whose callback is dropped.
 */
export function reserveInProcess(scope: string, key: string, now = Date.now()): boolean {
	const memory = scopeMemory(scope, now);
	const at = memory.get(key);
	if (at !== undefined && at > now - MAX_AGE_MS) return false;
	memory.delete(key);
	memory.set(key, now);
	return true;
}

export function releaseInProcess(scope: string, key: string): void {
	processMemory.get(scope)?.delete(key);
}
