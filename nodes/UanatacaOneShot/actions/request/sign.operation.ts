import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep, updateDisplayOptions } from 'n8n-workflow';

import { requestPkField } from '../../helpers/descriptions';
import { downloadToBinary } from '../../helpers/download';
import { messageOf } from '../../helpers/responses';
import {
	ValidationError,
	normalizeRequestPk,
	requireText,
	splitList,
} from '../../helpers/validation';
import type { OneShotCredentials } from '../../transport';
import { getOneShotCredentials, oneShotApiRequest } from '../../transport';

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
			'The one-time code (OTP) the signer received by SMS, or their customer code. Usually an expression that takes it from the form the signer filled in.',
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description:
			'Whether this node finishes only when the documents are signed. In asynchronous mode the Optimizer accepts the signature at once and signs in the background; with this on, the node checks until the signed documents are ready (or the time limit passes).',
	},
	{
		displayName: 'Document UIDs',
		name: 'documentUids',
		type: 'string',
		default: '',
		placeholder: '604b889f-…, 7d3e0c12-…',
		description:
			'UIDs of the signed documents to check for and return, comma-separated. Leave empty to use the documents uploaded to this request earlier in this workflow.',
	},
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
				description: 'How often to check whether the documents are signed while waiting',
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
				description: 'How long to wait for the signature before the node fails with a clear error',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['request'], operation: ['sign'] } },
	properties,
);

/** Documents uploaded to this request by Upload steps earlier in this workflow. */
function uploadedUpstream(this: IExecuteFunctions, requestPk: number, i: number): string[] {
	const uids: string[] = [];
	let parents: Array<{ name: string; type: string; parameters?: IDataObject }> = [];
	try {
		parents = this.getParentNodes(this.getNode().name, {
			includeNodeParameters: true,
		}) as typeof parents;
	} catch {
		return uids;
	}
	const proxy = this.getWorkflowDataProxy(i);
	for (const parent of parents) {
		const p = parent.parameters ?? {};
		if (
			!/\.uanatacaOneShot$/.test(parent.type) ||
			p.resource !== 'document' ||
			p.operation !== 'upload'
		)
			continue;
		let items: INodeExecutionData[] = [];
		try {
			items = proxy.$items(parent.name);
		} catch {
			continue; // that branch did not run
		}
		for (const item of items) {
			if (Number(item.json.requestPk) !== requestPk || !Array.isArray(item.json.documents))
				continue;
			for (const doc of item.json.documents as IDataObject[]) {
				if (typeof doc.uid === 'string') uids.push(doc.uid);
			}
		}
	}
	return [...new Set(uids)];
}

async function isSigned(
	this: IExecuteFunctions,
	credentials: OneShotCredentials,
	requestPk: number,
	documentUid: string,
	i: number,
): Promise<boolean> {
	try {
		const response = await oneShotApiRequest.call(
			this,
			{
				endpoint: 'document.download',
				params: { requestPk, documentUid, documentType: 'signed' },
				response: 'stream',
				itemIndex: i,
			},
			credentials,
		);
		(response.body as { destroy?: () => void }).destroy?.();
		return true;
	} catch (error) {
		if (error instanceof NodeApiError) {
			if (error.httpCode === '404' || error.httpCode === '412') return false;
			throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
		}
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
	}
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const requestPk = normalizeRequestPk(this.getNodeParameter('requestPk', i));
	const secret = requireText(this.getNodeParameter('secret', i), 'Code From the Signer');
	const waitForCompletion = this.getNodeParameter('waitForCompletion', i, true) as boolean;
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const returnSigned = options.returnSignedDocuments === true;
	const credentials = await getOneShotCredentials.call(this);

	let documentUids = splitList(this.getNodeParameter('documentUids', i, ''));
	if (!documentUids.length && (waitForCompletion || returnSigned)) {
		documentUids = uploadedUpstream.call(this, requestPk, i);
	}
	if (!documentUids.length && (waitForCompletion || returnSigned)) {
		throw new ValidationError(
			'No documents to wait for',
			'Fill in "Document UIDs" with the UIDs returned by Upload, e.g. {{ $(\'Upload Documents\').item.json.documents.map(d => d.uid).join(\',\') }}, or turn off "Wait for Completion".',
		);
	}

	const response = await oneShotApiRequest.call(
		this,
		{
			endpoint: 'request.sign',
			params: { requestPk },
			body: { secret },
			itemIndex: i,
			secrets: [secret],
			timeoutMs: 300_000,
		},
		credentials,
	);
	const message = messageOf(response.body) ?? null;
	const accepted = /going to be signed|few seconds|in progress|accepted/i.test(message ?? '');

	let signed = !accepted;
	if (waitForCompletion) {
		const limitMs = Math.max(0.1, Number(options.waitTimeoutMinutes ?? 10)) * 60_000;
		const intervalMs = Math.max(1, Number(options.pollIntervalSeconds ?? 5)) * 1000;
		const deadline = Date.now() + limitMs;
		const signal = this.getExecutionCancelSignal();
		signed = false;
		for (;;) {
			if (await isSigned.call(this, credentials, requestPk, documentUids[0], i)) {
				signed = true;
				break;
			}
			if (Date.now() + intervalMs > deadline) break;
			await sleep(intervalMs, signal);
		}
		if (!signed) {
			throw new NodeOperationError(
				this.getNode(),
				`The documents of request ${requestPk} were not signed within ${options.waitTimeoutMinutes ?? 10} minutes`,
				{
					itemIndex: i,
					description:
						'The Optimizer accepted the signature but the signed documents are not ready yet. Signing may still complete: raise "Time Limit", or react to the completion with a Uanataca One-Shot Trigger and download the documents then.',
				},
			);
		}
	}

	const binary: Record<string, IBinaryData> = {};
	const documents: IDataObject[] = [];
	if (returnSigned && signed) {
		const prefix = String(options.binaryPropertyPrefix ?? 'signed_') || 'signed_';
		for (const [index, documentUid] of documentUids.entries()) {
			const data = await downloadToBinary.call(this, {
				endpoint: 'document.download',
				params: { requestPk, documentUid, documentType: 'signed' },
				fallbackFileName: `request_${requestPk}_${documentUid.slice(0, 8)}_signed.pdf`,
				itemIndex: i,
				credentials,
			});
			binary[`${prefix}${index}`] = data;
			documents.push({
				uid: documentUid,
				fileName: data.fileName ?? null,
				binaryPropertyName: `${prefix}${index}`,
			});
		}
	}

	const json: IDataObject = {
		requestPk,
		signed,
		status: signed ? 'signed' : 'signing',
		asyncMode: accepted,
		message,
	};
	if (documents.length) json.documents = documents;
	const item: INodeExecutionData = { json, pairedItem: { item: i } };
	if (Object.keys(binary).length) item.binary = binary;
	return [item];
}
