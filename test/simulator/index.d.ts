/**
 * Types of the simulator's entry point (index.js). The simulator is JavaScript because it needs
 * Node's http server and timers, which n8n's community-node lint forbids in TypeScript files;
 * its public types live in types.ts.
 */
import type { Simulator, SimulatorOptions } from './types';

export type {
	CallbackRecord,
	Fault,
	HistoryEntry,
	RequestLogEntry,
	RequestStatus,
	SimCertificate,
	SimDocument,
	SimOtp,
	SimRequest,
	SimSigner,
	Simulator,
	SimulatorDefaults,
	SimulatorOptions,
	SimVideoId,
} from './types';

export declare const SIGNED_COMMENT: string;
export declare const CURRENT_PREFIX: string;
export declare const LEGACY_PREFIX: string;
export declare const CONTROL_PREFIX: string;
export declare function defaultOptions(): SimulatorOptions;
export declare function mergeOptions(
	target: SimulatorOptions,
	patch: Record<string, unknown>,
): SimulatorOptions;
export declare function startSimulator(overrides?: Partial<SimulatorOptions>): Promise<Simulator>;
