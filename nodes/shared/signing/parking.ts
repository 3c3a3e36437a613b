/**
 * Parking an execution that waits for a signature (n8n's waiting mechanism, no worker held):
 * what the parked execution keeps for its waiting webhook (custom data), the output n8n passes
 * on when the time limit passes, and the options both waiting operations share.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { registerWaiting } from '../relay/registration';
import { ValidationError } from '../validation';
import { DEFAULT_BINARY_PREFIX } from './copies';

/** "Binary Field Prefix": signed_ when empty or absent. */
export function binaryPrefix(options: IDataObject): string {
	return String(options.binaryPropertyPrefix ?? DEFAULT_BINARY_PREFIX) || DEFAULT_BINARY_PREFIX;
}

/** "Time Limit (Minutes)": at least 0.1. */
export function timeLimitMinutes(options: IDataObject, fallback: number): number {
	return Math.max(0.1, Number(options.waitTimeoutMinutes ?? fallback));
}

/** A JSON value kept with the execution (custom data), or undefined when absent or not valid. */
export function readParkedState<T>(text: unknown, isValid: (value: T) => boolean): T | undefined {
	if (typeof text !== 'string') return undefined;
	try {
		const value = JSON.parse(text) as T;
		return value && isValid(value) ? value : undefined;
	} catch {
		return undefined;
	}
}

export interface Parking {
	itemIndex: number;
	/** custom data key and value (n8n keeps at most 10 entries of ≤ 512 characters) */
	stateKey: string;
	state: string;
	/** the node's output when the time limit passes (a batch: one item per input item, paired) */
	timedOut: INodeExecutionData | INodeExecutionData[];
	until: Date;
	/** who could not keep the state, for the error: "The signing page", "Sign" */
	subject: string;
	/** the requests it waits for, registered for a trigger's relay (../relay/registration) */
	requestPks?: number[];
}

/**
 * Keeps the state with the execution, seeds the timed-out output and parks the execution. When
 * the limit passes, n8n resumes the node by passing its input on: that input is the timed-out
 * outcome, which says clearly what happened.
 */
export async function park(this: IExecuteFunctions, parking: Parking): Promise<void> {
	this.customData.set(parking.stateKey, parking.state);
	if (this.customData.get(parking.stateKey) !== parking.state) {
		throw new ValidationError(
			`${parking.subject} could not keep its state with the execution`,
			'n8n keeps at most 10 custom data entries per execution: remove one that an earlier node sets (Execution Data node), then run again.',
		);
	}
	if (parking.requestPks?.length) {
		registerWaiting.call(this, parking.itemIndex, parking.requestPks, parking.until);
	}
	const executeData = this.getExecuteData();
	const seed = Array.isArray(parking.timedOut)
		? parking.timedOut
		: [{ ...parking.timedOut, pairedItem: { item: parking.itemIndex } }];
	executeData.data = { main: [seed] };
	await this.putExecutionToWait(parking.until);
}
