/**
 * Sign: the signer's code signs every uploaded document. With "Wait for Completion" the node's
 * output arrives when the documents are signed, found in one of two ways:
 * - Callback to this execution: Create sent the Optimizer's notifications to
 *   {{ $execution.resumeUrl }}; the execution is parked (no worker held, n8n's waiting mechanism)
 *   and resumed by the notice that the request is signed, confirmed with the Optimizer.
 * - Check the Optimizer: the node checks every few seconds whether the signed copy can be
 *   downloaded (the documented evidence), for callbacks that go elsewhere (e.g. the RA webhook).
 */
import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError, sleep, updateDisplayOptions } from 'n8n-workflow';

import { readBody } from '../../../shared/callbacks/incoming';
import type { NormalizedCallback } from '../../../shared/callbacks/normalize';
import { BadCallback, normalizeCallback } from '../../../shared/callbacks/normalize';
import { signBody } from '../../helpers/signatureAppearance';
import { requestPkField } from '../../descriptions/common';
import {
	downloadSigned,
	signedCopyIfReady,
	signedDocumentExists,
} from '../../../shared/files/download';
import { messageOf } from '../../../shared/responses';
import {
	appearanceFields,
	readSignSettings,
	signerAuthenticationFields,
} from '../../descriptions/signFields';
import { createdWithResumeUrl, uploadedDocumentUids } from '../../helpers/previousSteps';
import {
	ValidationError,
	normalizeRequestPk,
	requireText,
	splitList,
} from '../../../shared/validation';
import type { OneShotCredentials } from '../../../shared/transport';
import { getOneShotCredentials, oneShotApiRequest } from '../../../shared/transport';

const properties: INodeProperties[] = [
	requestPkField,
	{
		displayName: 'Code From the Signer',
		name: 'secret',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description:
			'The one-time code (OTP) the signer received by SMS or WhatsApp, or instead the customer code your registration authority gave them (the Optimizer accepts either). Usually an expression that takes it from the form the signer filled in.',
	},
	...signerAuthenticationFields,
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description:
			'Whether this node finishes only when the documents are signed. In asynchronous mode the Optimizer accepts the signature at once and signs in the background.',
	},
	{
		displayName: 'Document UIDs',
		name: 'documentUids',
		type: 'string',
		default: '',
		placeholder: '604b889f-…, 7d3e0c12-…',
		description:
			'UIDs of the documents to check for and return (and, on a legacy Optimizer, to place the visible signature on), comma-separated. Leave empty to use the documents uploaded to this request earlier in this workflow.',
	},
	...appearanceFields,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Binary Field Prefix',
				name: 'binaryPropertyPrefix',
				type: 'string',
				default: 'signed_',
				description:
					'Signed documents are put in binary fields named with this prefix and their position: signed_0, signed_1, …',
			},
			{
				displayName: 'Check Every (Seconds)',
				name: 'pollIntervalSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 5,
				description:
					'How often to check whether the documents are signed when checking the Optimizer',
			},
			{
				displayName: 'How to Detect Completion',
				name: 'completionSignal',
				type: 'options',
				default: 'auto',
				options: [
					{
						name: 'Automatic',
						value: 'auto',
						description:
							'Callback to this execution when Create sent the callback to {{ $execution.resumeUrl }} earlier in this workflow, otherwise check the Optimizer',
					},
					{
						name: 'Callback to This Execution',
						value: 'callback',
						description:
							'The execution pauses without holding a worker until the Optimizer reports the signature at {{ $execution.resumeUrl }} (set as Callback URL in Create)',
					},
					{
						name: 'Check the Optimizer',
						value: 'poll',
						description:
							'Check every few seconds whether the signed documents can be downloaded (use when callbacks go elsewhere, e.g. to the webhook of your registration authority)',
					},
				],
				description: 'How the node learns that the documents are signed',
			},
			{
				displayName: 'Return Signed Documents',
				name: 'returnSignedDocuments',
				type: 'boolean',
				default: false,
				description:
					'Whether to download the signed documents into binary fields of the output once signed',
			},
			{
				displayName: 'Time Limit (Minutes)',
				name: 'waitTimeoutMinutes',
				type: 'number',
				typeOptions: { minValue: 0.1 },
				default: 10,
				description:
					'How long to wait for the signature. Checking the Optimizer: the node then fails with a clear error. Callback: the execution goes on with status "timedOut".',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['request'], operation: ['sign'] } },
	properties,
);

/** Execution custom-data key holding what the resume webhook needs (≤ 512 characters). */
export const WAIT_STATE_KEY = 'uanatacaOneShotSign';
const MAX_STATE_LENGTH = 500;

interface WaitState {
	/** request pk */
	pk: number;
	/** document UIDs (as many as fit) */
	uids: string[];
	/** return signed documents */
	ret: boolean;
	/** binary field prefix */
	pre: string;
	/** time limit in minutes, for messages */
	min: number;
}

function encodeState(state: WaitState): string {
	const copy = { ...state, uids: [...state.uids] };
	while (JSON.stringify(copy).length > MAX_STATE_LENGTH && copy.uids.length > 1) copy.uids.pop();
	return JSON.stringify(copy);
}

function decodeState(text: unknown): WaitState | undefined {
	if (typeof text !== 'string') return undefined;
	try {
		const value = JSON.parse(text) as WaitState;
		return Number.isInteger(value.pk) && Array.isArray(value.uids) ? value : undefined;
	} catch {
		return undefined;
	}
}

type SignedDocuments = { binary: Record<string, IBinaryData>; documents: IDataObject[] };

/** The signed copies into binary fields `<prefix>0`, `<prefix>1`…; `first` when already fetched. */
async function signedBinaries(
	this: IExecuteFunctions | IWebhookFunctions,
	credentials: OneShotCredentials,
	requestPk: number,
	uids: string[],
	prefix: string,
	itemIndex?: number,
	first?: IBinaryData,
): Promise<SignedDocuments> {
	const binary: Record<string, IBinaryData> = {};
	const documents: IDataObject[] = [];
	for (const [index, uid] of uids.entries()) {
		const data =
			index === 0 && first
				? first
				: await downloadSigned.call(this, credentials, requestPk, uid, itemIndex);
		binary[`${prefix}${index}`] = data;
		documents.push({
			uid,
			fileName: data.fileName ?? null,
			binaryPropertyName: `${prefix}${index}`,
		});
	}
	return { binary, documents };
}

/**
 * Whether the request is signed (its first document has a signed copy) and, when `ret`, the
 * signed copies: then the download of the first one is the check itself, not a second request.
 */
async function signedNow(
	this: IExecuteFunctions | IWebhookFunctions,
	credentials: OneShotCredentials,
	requestPk: number,
	uids: string[],
	ret: { prefix: string } | undefined,
	itemIndex?: number,
): Promise<{ signed: boolean; documents?: SignedDocuments }> {
	if (!ret) {
		const signed = await signedDocumentExists.call(this, credentials, requestPk, uids[0], {
			itemIndex,
		});
		return { signed };
	}
	const first = await signedCopyIfReady.call(this, credentials, requestPk, uids[0], itemIndex);
	if (!first) return { signed: false };
	const documents = await signedBinaries.call(
		this,
		credentials,
		requestPk,
		uids,
		ret.prefix,
		itemIndex,
		first,
	);
	return { signed: true, documents };
}

function outputItem(
	json: IDataObject,
	signed: SignedDocuments | undefined,
	itemIndex: number,
): INodeExecutionData {
	const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
	if (signed?.documents.length) {
		json.documents = signed.documents;
		item.binary = signed.binary;
	}
	return item;
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const requestPk = normalizeRequestPk(this.getNodeParameter('requestPk', i));
	const secret = requireText(this.getNodeParameter('secret', i), 'Code From the Signer');
	const waitForCompletion = this.getNodeParameter('waitForCompletion', i, true) as boolean;
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const returnSigned = options.returnSignedDocuments === true;
	const prefix = String(options.binaryPropertyPrefix ?? 'signed_') || 'signed_';
	const limitMinutes = Math.max(0.1, Number(options.waitTimeoutMinutes ?? 10));
	const limitMs = limitMinutes * 60_000;
	const completionSignal = (options.completionSignal as string) ?? 'auto';
	const credentials = await getOneShotCredentials.call(this);
	const wanted = returnSigned ? { prefix } : undefined;

	const settings = readSignSettings.call(this, i, secret);

	let documentUids = splitList(this.getNodeParameter('documentUids', i, ''));
	// a legacy visible signature is set per document: the UIDs are needed for it too
	if (!documentUids.length && (waitForCompletion || returnSigned || settings.appearance)) {
		documentUids = uploadedDocumentUids.call(this, i, requestPk);
	}
	if (!documentUids.length && (waitForCompletion || returnSigned)) {
		throw new ValidationError(
			'No documents to wait for',
			'Fill in "Document UIDs" with the UIDs returned by Upload, e.g. {{ $(\'Upload Documents\').item.json.documents.map(d => d.uid).join(\',\') }}, or turn off "Wait for Completion".',
		);
	}

	let park = false;
	if (waitForCompletion && completionSignal !== 'poll') {
		const viaCallback =
			completionSignal === 'callback' || createdWithResumeUrl.call(this, i, requestPk);
		const single = this.getInputData().length === 1;
		if (viaCallback && !single && completionSignal === 'callback') {
			throw new ValidationError(
				'Waiting for the callback works with one signature request per execution',
				'This node received several items. Sign them in separate executions, or choose "Check the Optimizer" in "How to Detect Completion".',
			);
		}
		park = viaCallback && single;
	}
	// the limit counts from before the sign call, as the signer's wait does
	const waitTill = new Date(Date.now() + limitMs);

	const response = await oneShotApiRequest.call(
		this,
		{
			endpoint: 'request.sign',
			params: { requestPk },
			body: signBody(
				credentials.apiGeneration,
				settings.auth,
				settings.appearance,
				documentUids,
				settings.placements,
			),
			itemIndex: i,
			secrets: [secret],
			timeoutMs: 300_000,
		},
		credentials,
	);
	const message = messageOf(response.body) ?? null;
	const accepted = /going to be signed|few seconds|in progress|accepted/i.test(message ?? '');
	const base: IDataObject = { requestPk, asyncMode: accepted, message };

	if (waitForCompletion && park) {
		// a completion notice that came before the execution is parked is refused by n8n (409):
		// check once more right before parking, so only a split second remains uncovered
		const now = await signedNow.call(this, credentials, requestPk, documentUids, wanted, i);
		if (now.signed) {
			return [outputItem({ ...base, signed: true, status: 'signed' }, now.documents, i)];
		}
		this.customData.set(
			WAIT_STATE_KEY,
			encodeState({
				pk: requestPk,
				uids: documentUids,
				ret: returnSigned,
				pre: prefix,
				min: limitMinutes,
			}),
		);
		// when the limit passes, n8n resumes the node by passing its input on: make that input
		// say clearly what happened
		const executeData = this.getExecuteData();
		executeData.data = {
			main: [
				[
					{
						json: {
							...base,
							signed: false,
							status: 'timedOut',
							message: `No notice that request ${requestPk} was signed arrived within ${limitMinutes} minutes. Signing may still complete: download the signed documents later to check.`,
						},
						pairedItem: { item: i },
					},
				],
			],
		};
		await this.putExecutionToWait(waitTill);
		return [{ json: { ...base, signed: false, status: 'waiting' }, pairedItem: { item: i } }];
	}

	let signed = !accepted;
	let documents: SignedDocuments | undefined;
	if (waitForCompletion) {
		const intervalMs = Math.max(1, Number(options.pollIntervalSeconds ?? 5)) * 1000;
		const deadline = Date.now() + limitMs;
		const signal = this.getExecutionCancelSignal();
		signed = false;
		for (;;) {
			const now = await signedNow.call(this, credentials, requestPk, documentUids, wanted, i);
			if (now.signed) {
				signed = true;
				documents = now.documents;
				break;
			}
			if (Date.now() + intervalMs > deadline) break;
			await sleep(intervalMs, signal);
		}
		if (!signed) {
			throw new NodeOperationError(
				this.getNode(),
				`The documents of request ${requestPk} were not signed within ${limitMinutes} minutes`,
				{
					itemIndex: i,
					description:
						'The Optimizer accepted the signature but the signed documents are not ready yet. Signing may still complete: raise "Time Limit", or react to the completion with a Uanataca One-Shot Trigger and download the documents then.',
				},
			);
		}
	}
	// signed at once (synchronous sign): the copies were not fetched while checking
	if (returnSigned && signed && !documents) {
		documents = await signedBinaries.call(this, credentials, requestPk, documentUids, prefix, i);
	}
	return [outputItem({ ...base, signed, status: signed ? 'signed' : 'signing' }, documents, i)];
}

const CANCELLED = new Set(['CANCELLED', 'REQUEST_CANCELED', 'VIDEOID_REFUSED', 'VIDEOID_FAILED']);
const SIGNED = new Set(['ISSUED', 'REQUEST_ENROLLED']);

function answer(this: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
	this.getResponseObject().status(status).json({ message });
	return { noWebhookResponse: true };
}

/**
 * The Optimizer's notice at {{ $execution.resumeUrl }} while Sign waits (n8n has checked the
 * resume token). Intermediate statuses and notices of other requests keep the execution waiting;
 * a signature claim resumes it only once the Optimizer confirms a signed copy exists.
 */
export async function webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	let event: NormalizedCallback;
	try {
		event = normalizeCallback((await readBody.call(this)).value);
	} catch (error) {
		const status = error instanceof BadCallback ? error.httpStatus : 400;
		return answer.call(this, status, 'Not a One-Shot notification');
	}
	const state = decodeState(this.customData.get(WAIT_STATE_KEY));
	if (!state) return answer.call(this, 409, 'This execution is not waiting for a signature');
	if (event.requestPk !== state.pk) return { webhookResponse: '' };

	const resume = (
		json: IDataObject,
		binary?: Record<string, IBinaryData>,
	): IWebhookResponseData => {
		const item: INodeExecutionData = {
			json: {
				requestPk: state.pk,
				asyncMode: true,
				notifiedStatus: event.status,
				eventType: event.eventType,
				occurredAt: event.occurredAt,
				...json,
			},
			pairedItem: { item: 0 },
		};
		if (binary && Object.keys(binary).length) item.binary = binary;
		return { workflowData: [[item]], webhookResponse: '' };
	};

	if (CANCELLED.has(event.status) || CANCELLED.has(event.eventType)) {
		return resume({
			signed: false,
			status: 'cancelled',
			message: `Request ${state.pk} was cancelled or refused (${event.eventType === 'STATUS_CHANGED' ? event.status : event.eventType}); nothing was signed.`,
		});
	}
	if (!SIGNED.has(event.status) && !SIGNED.has(event.eventType)) return { webhookResponse: '' };

	try {
		const credentials = await getOneShotCredentials.call(this);
		const now = await signedNow.call(
			this,
			credentials,
			state.pk,
			state.uids,
			state.ret ? { prefix: state.pre } : undefined,
		);
		if (!now.signed) {
			// a claim the Optimizer does not back (forged, or too early): keep waiting
			this.logger.warn(
				`Uanataca One-Shot: notice that request ${state.pk} is signed not confirmed by the Optimizer; still waiting`,
			);
			return { webhookResponse: '' };
		}
		const json: IDataObject = { signed: true, status: 'signed', confirmed: true };
		if (now.documents) json.documents = now.documents.documents;
		return resume(json, now.documents?.binary);
	} catch (error) {
		// the Optimizer could not be asked: answer 503 so a sender that retries tries again
		this.logger.warn(
			`Uanataca One-Shot: could not confirm the signature of request ${state.pk}: ${(error as Error).message}`,
		);
		return answer.call(this, 503, 'The signature could not be confirmed yet; please retry');
	}
}
