/**
 * What a parked execution registers so that a Uanataca One-Shot Trigger with "Resume Waiting
 * Executions" can hand it the registration authority's notices (docs/relay.md): the request
 * numbers it waits for and the URL that resumes it, kept in the execution's custom data before
 * parking. n8n stores custom data with the waiting execution and serves it through its public API
 * (`GET /api/v1/executions/{id}?includeData=true`); it keeps at most 10 entries per execution, of
 * at most 512 characters each.
 *
 * - `uanatacaOneShotRelay`: when the wait ends (ms, n8n's `waitTill` of this park: a registration
 *   left by an earlier park of the execution, e.g. before another node made it wait, does not
 *   match) and the resume URL ({{ $execution.resumeUrl }}, with n8n's resume token) plus the
 *   execution's callback key (`oneshotKey`), so that a relayed cancellation is believed like one
 *   sent to that URL by the Optimizer (the trigger has checked the sender's token);
 * - `uanatacaOneShotRelayPks`, `uanatacaOneShotRelayPks2`, …: the request numbers, comma-separated.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { callbackKey, withCallbackKey } from '../callbacks/callbackKey';

export const RELAY_URL_KEY = 'uanatacaOneShotRelay';
export const RELAY_PKS_KEY = 'uanatacaOneShotRelayPks';
/** Custom data entries the request numbers may take (each ≤ 250 characters: ~30 numbers). */
export const MAX_PK_KEYS = 4;
// n8n logs an error for every custom data value over 255 characters
const MAX_VALUE_LENGTH = 250;

export interface Registration {
	/** n8n's waitTill of the park that registered (ms) */
	until: number;
	resumeUrl: string;
	requestPks: number[];
}

function pkKey(index: number): string {
	return index === 0 ? RELAY_PKS_KEY : `${RELAY_PKS_KEY}${index + 1}`;
}

/** The request numbers as comma-separated chunks of at most 250 characters. */
export function encodePks(requestPks: number[]): string[] {
	const chunks: string[] = [];
	let current = '';
	for (const pk of new Set(requestPks)) {
		const text = String(pk);
		if (current && current.length + 1 + text.length > MAX_VALUE_LENGTH) {
			chunks.push(current);
			current = '';
		}
		current = current ? `${current},${text}` : text;
	}
	if (current) chunks.push(current);
	return chunks;
}

function parsePks(value: unknown): number[] {
	if (typeof value !== 'string') return [];
	return value
		.split(',')
		.map((part) => Number(part.trim()))
		.filter((pk) => Number.isSafeInteger(pk) && pk > 0);
}

/** The registration found in an execution's custom data (as n8n's public API returns it). */
export function readRegistration(customData: unknown): Registration | undefined {
	if (!customData || typeof customData !== 'object') return undefined;
	const data = customData as Record<string, unknown>;
	const match = /^(\d+) (https?:\/\/\S+)$/i.exec(String(data[RELAY_URL_KEY] ?? ''));
	if (!match) return undefined;
	const requestPks: number[] = [];
	for (let index = 0; index < MAX_PK_KEYS; index++)
		requestPks.push(...parsePks(data[pkKey(index)]));
	if (!requestPks.length) return undefined;
	return { until: Number(match[1]), resumeUrl: match[2], requestPks };
}

/**
 * Registers what this execution is about to wait for. Best effort: when the resume URL is not
 * known or the custom data is full, the notices sent to {{ $execution.resumeUrl }} still resume
 * the execution; only the relay through the trigger is unavailable (a warning says so).
 */
export function registerWaiting(
	this: IExecuteFunctions,
	itemIndex: number,
	requestPks: number[],
	until: Date,
) {
	let resumeUrl = '';
	try {
		resumeUrl = String(this.evaluateExpression('{{ $execution.resumeUrl }}', itemIndex) ?? '');
	} catch {
		resumeUrl = '';
	}
	const chunks = encodePks(requestPks);
	if (!/^https?:\/\//i.test(resumeUrl) || !chunks.length) return;
	const entries: Array<[string, string]> = [
		[RELAY_URL_KEY, `${until.getTime()} ${withCallbackKey(resumeUrl, callbackKey.call(this))}`],
	];
	chunks.slice(0, MAX_PK_KEYS).forEach((chunk, index) => entries.push([pkKey(index), chunk]));
	for (let index = chunks.length; index < MAX_PK_KEYS; index++) {
		// a previous park of this execution may have left more numbers: clear them
		if (this.customData.get(pkKey(index)) !== undefined) entries.push([pkKey(index), '']);
	}
	let kept = chunks.length <= MAX_PK_KEYS;
	for (const [key, value] of entries) {
		try {
			this.customData.set(key, value);
		} catch {
			kept = false;
		}
		if (this.customData.get(key) !== value) kept = false;
	}
	if (!kept) {
		this.logger.warn(
			'Uanataca One-Shot: this execution could not register every request it waits for (n8n keeps at most 10 custom data entries per execution); a Uanataca One-Shot Trigger cannot hand it the notices of the others',
		);
	}
}
