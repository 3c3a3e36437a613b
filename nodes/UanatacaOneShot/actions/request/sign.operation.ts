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
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { SignedDocumentsOutput } from '../../../shared/signing/copies';
import { binaryPrefix, timeLimitMinutes } from '../../../shared/signing/parking';
import { callSign } from '../../../shared/signing/signCall';
import { signedDocuments } from '../../../shared/signing/signed';
import type { OneShotCredentials } from '../../../shared/transport';
import { getOneShotCredentials } from '../../../shared/transport';
import {
	ValidationError,
	normalizeRequestPk,
	requireText,
	splitList,
} from '../../../shared/validation';
import { requestPkField } from '../../descriptions/sharedFields';
import {
	appearanceFields,
	readSignSettings,
	signerAuthenticationFields,
} from '../../descriptions/signFields';
import { createdWithResumeUrl, uploadedDocumentUids } from '../../helpers/previousSteps';
import { signBody } from '../../helpers/signatureAppearance';
import { simplifyItem, simplifyProperty } from '../../../shared/simplify';
import { finishBatch, isBatch, joinBatch, refuseTwice } from '../../waiting/signBatch';
import type { SignWait } from '../../waiting/signWait';
import { outputItem, parkUntilSigned, pollUntilSigned } from '../../waiting/signWait';

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
							'The execution pauses without holding a worker until the Optimizer reports the signature at {{ $execution.resumeUrl }} (set as Callback URL in Create), or a Uanataca One-Shot Trigger with Resume Waiting Executions hands the notice over',
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
	simplifyProperty('whether the documents are signed: request number, signed, status and message'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['request'], operation: ['sign'] } },
	properties,
);

interface SignPlan extends SignWait {
	secret: string;
	waitForCompletion: boolean;
	completionSignal: string;
	body: IDataObject;
}

/** Step 1: the parameters, the documents to wait for, and the body of the sign call. */
async function readPlan(
	this: IExecuteFunctions,
	i: number,
): Promise<{ plan: SignPlan; credentials: OneShotCredentials }> {
	const requestPk = normalizeRequestPk(this.getNodeParameter('requestPk', i));
	const secret = requireText(this.getNodeParameter('secret', i), 'Code From the Signer');
	const waitForCompletion = this.getNodeParameter('waitForCompletion', i, true) as boolean;
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const returnSigned = options.returnSignedDocuments === true;
	const credentials = await getOneShotCredentials.call(this);
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
	const body = signBody(
		credentials.apiGeneration,
		settings.auth,
		settings.appearance,
		documentUids,
		settings.placements,
	);
	const plan: SignPlan = {
		requestPk,
		secret,
		waitForCompletion,
		returnSigned,
		prefix: binaryPrefix(options),
		limitMinutes: timeLimitMinutes(options, 10),
		pollIntervalMs: Math.max(1, Number(options.pollIntervalSeconds ?? 5)) * 1000,
		completionSignal: (options.completionSignal as string) ?? 'auto',
		simplify: this.getNodeParameter('simplify', i, false) as boolean,
		documentUids,
		body,
	};
	return { plan, credentials };
}

/** Step 2: whether the execution parks until the Optimizer's notice (callback to this execution). */
function parksForCallback(this: IExecuteFunctions, i: number, plan: SignPlan): boolean {
	if (!plan.waitForCompletion || plan.completionSignal === 'poll') return false;
	const viaCallback =
		plan.completionSignal === 'callback' || createdWithResumeUrl.call(this, i, plan.requestPk);
	// several items park together only when asked explicitly ("Automatic" keeps checking the
	// Optimizer for them, as saved workflows expect)
	return viaCallback && (plan.completionSignal === 'callback' || !isBatch.call(this));
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const { plan, credentials } = await readPlan.call(this, i);
	const park = parksForCallback.call(this, i, plan);
	const batch = park && isBatch.call(this);
	if (batch) refuseTwice.call(this, plan.requestPk);
	// the limit counts from before the sign call, as the signer's wait does
	const waitTill = new Date(Date.now() + plan.limitMinutes * 60_000);
	const answer = await callSign.call(
		this,
		credentials,
		plan.requestPk,
		plan.body,
		[plan.secret],
		i,
	);
	const base: IDataObject = {
		requestPk: plan.requestPk,
		asyncMode: answer.accepted,
		message: answer.message,
	};
	if (batch) return joinBatch.call(this, i, plan, base, waitTill);
	if (park) return await parkUntilSigned.call(this, i, plan, credentials, base, waitTill);

	let signed = !answer.accepted;
	let documents: SignedDocumentsOutput | undefined;
	if (plan.waitForCompletion) {
		const check = await pollUntilSigned.call(this, i, plan, credentials);
		signed = true;
		documents = check.documents;
	}
	// signed at once (synchronous sign): the copies were not fetched while checking
	if (plan.returnSigned && signed && !documents) {
		documents = await signedDocuments.call(
			this,
			credentials,
			plan.requestPk,
			plan.documentUids,
			plan.prefix,
			i,
		);
	}
	const item = outputItem({ ...base, signed, status: signed ? 'signed' : 'signing' }, documents, i);
	return [simplifyItem(item, 'requestSign', plan.simplify === true)];
}

/** Several items waiting for the callback: the execution parks once, after the last item. */
export const finish = finishBatch;
