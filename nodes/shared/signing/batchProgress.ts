/**
 * Many signature requests waited for by one parked execution (a batch): what is kept with the
 * execution, and what one webhook process remembers between notices.
 *
 * n8n keeps nothing a waiting webhook changes, so a batch's progress is recomputed at every notice
 * from what n8n stored when the execution parked (the custom data below, and the node's timed-out
 * output, one item per request: see nodes/UanatacaOneShot/waiting/signBatch.ts) and from the
 * Optimizer (is a signed copy there?). This process memory is only a cache of outcomes already
 * established: requests confirmed signed (asked again in another process) and cancellations
 * (shown by their notice only, as the current Optimizer cannot be asked: docs/optimizer-api.md#get-cancel-asynchronous-status).
 * Bounded: at most MAX_EXECUTIONS batches, the oldest forgotten first.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { readParkedState } from './parking';

export interface BatchState {
	/** number of input items (requests) of the batch */
	batch: number;
	/** return signed documents */
	ret: boolean;
	/** binary field prefix */
	pre: string;
	/** time limit in minutes, for messages */
	min: number;
	/** "Simplify" */
	sim: boolean;
	/** when the time limit passes (ms since 1970) */
	end: number;
}

export function encodeBatchState(state: BatchState): string {
	return JSON.stringify(state);
}

export function decodeBatchState(text: unknown): BatchState | undefined {
	return readParkedState<BatchState>(
		text,
		(value) => Number.isInteger(value.batch) && value.batch > 0 && Number.isFinite(value.end),
	);
}

export type Outcome =
	| { status: 'signed' }
	| { status: 'cancelled'; message: string }
	/** an outcome a signing page established, its output item ready (signed, locked, cancelled) */
	| { status: 'page'; item: INodeExecutionData };

const MAX_EXECUTIONS = 2000;
const MAX_REQUESTS_PER_EXECUTION = 5000;
const known = new Map<string, Map<number, Outcome>>();

/** What this process knows of the requests of one parked execution (nothing after a restart). */
export function knownOutcomes(executionId: string): Map<number, Outcome> {
	let outcomes = known.get(executionId);
	if (!outcomes) {
		outcomes = new Map();
		known.set(executionId, outcomes);
		while (known.size > MAX_EXECUTIONS) known.delete(known.keys().next().value as string);
	}
	return outcomes;
}

export function rememberOutcome(executionId: string, requestPk: number, outcome: Outcome): void {
	const outcomes = knownOutcomes(executionId);
	if (outcomes.size < MAX_REQUESTS_PER_EXECUTION || outcomes.has(requestPk)) {
		outcomes.set(requestPk, outcome);
	}
}

/** Once the execution resumed, its outcomes are not needed any more. */
export function forgetBatch(executionId: string): void {
	known.delete(executionId);
	watches.get(executionId)?.abort();
	watches.delete(executionId);
}

const watches = new Map<string, AbortController>();

/** Stops the batch's own time-limit notice when it resumes in this process. */
export function timeLimitWatch(executionId: string): AbortSignal {
	const controller = new AbortController();
	watches.get(executionId)?.abort();
	watches.set(executionId, controller);
	while (watches.size > MAX_EXECUTIONS) {
		const oldest = watches.keys().next().value as string;
		watches.get(oldest)?.abort();
		watches.delete(oldest);
	}
	return controller.signal;
}

/** How many batches this process remembers (for the memory test). */
export function rememberedBatches(): number {
	return known.size;
}
