/**
 * The "Simplify" option (n8n's guideline for outputs with many fields): keeps the few fields a
 * workflow or an AI agent's tool call usually needs. Off by default, so saved workflows keep their
 * full output. Binary data and item pairing are kept as they are.
 */
import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/** What each simplified output keeps (fields that are absent stay absent). */
export const SIMPLE_FIELDS = {
	/** Request → Create; callbackToThisExecution lets a later Sign find its wait by itself */
	requestCreate: ['requestPk', 'status', 'asyncMode', 'callbackToThisExecution', 'signingPageUrl'],
	/** Request → Sign */
	requestSign: ['requestPk', 'signed', 'status', 'message'],
	/** the trigger's callback items; signedDocumentsError so a failed download is never hidden */
	callback: [
		'requestPk',
		'status',
		'previousStatus',
		'occurredAt',
		'correlation',
		'confirmed',
		'signedDocumentsError',
	],
} as const;

export type SimpleOutput = keyof typeof SIMPLE_FIELDS;

/** The option, for a node's parameters or an options collection. */
export function simplifyProperty(kept: string): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description: `Whether to return only ${kept} instead of the full output`,
	};
}

/** The fields of `json` that the simplified output keeps, in their order. */
export function simplify(json: IDataObject, output: SimpleOutput): IDataObject {
	const kept: IDataObject = {};
	for (const field of SIMPLE_FIELDS[output]) {
		if (json[field] !== undefined) kept[field] = json[field];
	}
	return kept;
}

/** The simplified JSON when `enabled`, else the JSON unchanged. */
export function simplifyWhen(
	enabled: boolean,
	output: SimpleOutput,
	json: IDataObject,
): IDataObject {
	return enabled ? simplify(json, output) : json;
}

/** The item with a simplified JSON when `enabled`, else the item unchanged. */
export function simplifyItem(
	item: INodeExecutionData,
	output: SimpleOutput,
	enabled: boolean,
): INodeExecutionData {
	return enabled ? { ...item, json: simplify(item.json, output) } : item;
}
