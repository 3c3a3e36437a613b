/**
 * Sign via Signing Page: the execution parks (n8n's waiting mechanism, no worker held) and the
 * node's own waiting webhook serves the signer a page at {{ $execution.resumeUrl }}/page: the
 * service contract and the documents (streamed from the Optimizer, never stored in n8n), the
 * confirmation of having read them, "Send me the code" (Generate OTP), the code and the
 * signature (Sign). The execution resumes with the outcome: signed (with the signed documents),
 * locked (too many wrong codes), cancelled (the Optimizer said so), or, when the time limit
 * passes, timedOut.
 *
 * This file describes the operation and parks the execution; the page itself (its webhook, its
 * HTML, its state) lives in ../../signingPage/.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestPkField } from '../../descriptions/common';
import { signedDocumentExists } from '../../../shared/files/download';
import { upstreamOutputs } from '../../helpers/previousSteps';
import { ValidationError, normalizeRequestPk, splitList } from '../../../shared/validation';
import type { PageDocumentInfo, SignerInfo } from '../../signingPage/common';
import {
	DEFAULT_MAX_ATTEMPTS,
	PAGE_URL_EXPRESSION,
	readLook,
	signedCopies,
} from '../../signingPage/common';
import { maskPhone } from '../../signingPage/render';
import { PAGE_STATE_KEY, encodeStoredState, randomToken } from '../../signingPage/state';
import { pageLanguage } from '../../signingPage/texts';
import { getOneShotCredentials } from '../../../shared/transport';

export { PAGE_PATH, isPageRequest } from '../../signingPage/common';
export { webhook } from '../../signingPage/webhook';

const DEFAULT_LIMIT_MINUTES = 1440;
const properties: INodeProperties[] = [
	{
		displayName: `Send the signer the link to the signing page from a node before this one (e-mail, SMS, chat): ${PAGE_URL_EXPRESSION} — it works while this node waits. The signer reads the contract and the documents, gets the code by SMS and signs; then the workflow goes on.`,
		name: 'signingPageNotice',
		type: 'notice',
		default: '',
	},
	requestPkField,
	{
		displayName: 'Document UIDs',
		name: 'documentUids',
		type: 'string',
		default: '',
		placeholder: '604b889f-…, 7d3e0c12-…',
		description:
			'UIDs of the documents to show and sign, comma-separated. Leave empty to use the documents uploaded to this request earlier in this workflow.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Accent Color',
				name: 'accentColor',
				type: 'color',
				default: '#0f4c81',
				description: 'Colour of the buttons and the top of the page, e.g. your brand colour',
			},
			{
				displayName: 'Binary Field Prefix',
				name: 'binaryPropertyPrefix',
				type: 'string',
				default: 'signed_',
				description:
					'Signed documents are put in binary fields named with this prefix and their position: signed_0, signed_1, …',
			},
			{
				displayName: 'Code Delivery Method',
				name: 'deliveryMethod',
				type: 'options',
				options: [
					{ name: 'SMS', value: 'sms' },
					{ name: 'WhatsApp', value: 'whatsapp' },
				],
				default: 'sms',
				description:
					"How the one-time code reaches the signer's mobile phone. Without this option the Optimizer's default is used; WhatsApp works only where your Optimizer supports it.",
			},
			{
				displayName: 'Language',
				name: 'language',
				type: 'options',
				options: [
					{ name: 'English', value: 'EN' },
					{
						name: 'From the Request',
						value: 'request',
						description:
							'The Communication Language given in Create earlier in this workflow (English when none)',
					},
					{ name: 'Polish', value: 'PL' },
					{ name: 'Spanish', value: 'ES' },
				],
				default: 'request',
				description: 'Language of the signing page',
			},
			{
				displayName: 'Logo URL',
				name: 'logoUrl',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/logo.png',
				description: 'Address of your logo, shown at the top of the page (https only)',
			},
			{
				displayName: 'Max Code Attempts',
				name: 'maxAttempts',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: DEFAULT_MAX_ATTEMPTS,
				description:
					'How many codes the signer may enter. After the last wrong one the page stops and the execution goes on with status "locked".',
			},
			{
				displayName: 'Message',
				name: 'message',
				type: 'string',
				typeOptions: { rows: 4 },
				default: '',
				description: 'Text of your own shown above the documents (plain text)',
			},
			{
				displayName: 'Page Title',
				name: 'title',
				type: 'string',
				default: '',
				placeholder: 'Sign your loan agreement',
				description: 'Title of the page. Empty: "Sign your documents" in the language of the page.',
			},
			{
				displayName: 'Return Signed Documents',
				name: 'returnSignedDocuments',
				type: 'boolean',
				default: true,
				description:
					'Whether to download the signed documents into binary fields of the output once signed',
			},
			{
				displayName: 'Signer Mobile Phone',
				name: 'signerPhone',
				type: 'string',
				default: '',
				placeholder: '+34600123123',
				description:
					'Shown masked on the page (+34 ••• ••• 123) so the signer knows where the code goes. Empty: the number given in Create earlier in this workflow.',
			},
			{
				displayName: 'Signer Name',
				name: 'signerName',
				type: 'string',
				default: '',
				description:
					'Name the page greets the signer with. Empty: the name given in Create earlier in this workflow.',
			},
			{
				displayName: 'Time Limit (Minutes)',
				name: 'waitTimeoutMinutes',
				type: 'number',
				typeOptions: { minValue: 0.1 },
				default: DEFAULT_LIMIT_MINUTES,
				description:
					'How long the page stays open. Then the execution goes on with status "timedOut" (1440 = one day).',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['request'], operation: ['signViaPage'] } },
	properties,
);
// --- parking ---------------------------------------------------------------------------------

function uploadedDocuments(
	this: IExecuteFunctions,
	itemIndex: number,
	requestPk: number,
): PageDocumentInfo[] {
	const found: PageDocumentInfo[] = [];
	for (const json of upstreamOutputs.call(this, itemIndex, 'document', 'upload', requestPk)) {
		if (!Array.isArray(json.documents)) continue;
		for (const doc of json.documents as IDataObject[]) {
			if (typeof doc.uid !== 'string' || found.some((d) => d.uid === doc.uid)) continue;
			found.push({
				uid: doc.uid,
				fileName: typeof doc.fileName === 'string' ? doc.fileName : null,
			});
		}
	}
	return found;
}
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	if (items.length !== 1) {
		throw new ValidationError(
			'The signing page works with one signature request per execution',
			`This node received ${items.length} items. Send each signer their own execution (e.g. one workflow run per request), or split the items with a sub-workflow.`,
		);
	}
	const requestPk = normalizeRequestPk(this.getNodeParameter('requestPk', i));
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	readLook(options);
	const limitMinutes = Math.max(0.1, Number(options.waitTimeoutMinutes ?? DEFAULT_LIMIT_MINUTES));
	const returnSigned = options.returnSignedDocuments !== false;
	const prefix = String(options.binaryPropertyPrefix ?? 'signed_') || 'signed_';

	const uploaded = uploadedDocuments.call(this, i, requestPk);
	const uids = splitList(this.getNodeParameter('documentUids', i, ''));
	const documents: PageDocumentInfo[] = uids.length
		? uids.map((uid) => ({ uid, fileName: uploaded.find((d) => d.uid === uid)?.fileName ?? null }))
		: uploaded;
	if (!documents.length) {
		throw new ValidationError(
			'No documents to sign',
			'Place this node after Upload (of the same request) in the workflow, or fill in "Document UIDs" with the UIDs Upload returned.',
		);
	}

	const created = upstreamOutputs.call(this, i, 'request', 'create', requestPk);
	const createdSigner = (created.find((json) => json.signer)?.signer ?? {}) as IDataObject;
	const given = (value: unknown) =>
		typeof value === 'string' && value.trim() ? value.trim() : undefined;
	const signer: SignerInfo = {
		name: given(options.signerName) ?? given(createdSigner.name) ?? null,
		maskedPhone:
			maskPhone(given(options.signerPhone) ?? given(createdSigner.mobilePhoneNumber)) ?? null,
		language: pageLanguage(
			options.language && options.language !== 'request'
				? options.language
				: createdSigner.communicationLanguage,
		),
	};

	const credentials = await getOneShotCredentials.call(this);
	// a request that is already signed is not offered again
	if (
		await signedDocumentExists.call(this, credentials, requestPk, documents[0].uid, {
			itemIndex: i,
		})
	) {
		const copies = returnSigned
			? await signedCopies.call(this, credentials, requestPk, documents, prefix, i)
			: undefined;
		const json: IDataObject = {
			requestPk,
			signed: true,
			status: 'signed',
			signedAt: null,
			attempts: 0,
			message: `Request ${requestPk} was already signed: the page was not offered.`,
		};
		const item: INodeExecutionData = { json, pairedItem: { item: i } };
		if (copies) {
			json.documents = copies.documents;
			item.binary = copies.binary;
		}
		return [item];
	}

	const expiresAt = Date.now() + limitMinutes * 60_000;
	const stored = encodeStoredState({ v: 1, pk: requestPk, k: randomToken(24), x: expiresAt });
	this.customData.set(PAGE_STATE_KEY, stored);
	if (this.customData.get(PAGE_STATE_KEY) !== stored) {
		throw new ValidationError(
			'The signing page could not keep its state with the execution',
			'n8n keeps at most 10 custom data entries per execution: remove one that an earlier node sets (Execution Data node), then run again.',
		);
	}
	// When the time limit passes, n8n resumes the node by passing its input on: that input (kept
	// with the parked execution) is the timed-out outcome, and it carries what the page shows.
	const input = items[i];
	const executeData = this.getExecuteData();
	executeData.data = {
		main: [
			[
				{
					json: {
						...input.json,
						requestPk,
						signed: false,
						status: 'timedOut',
						signedAt: null,
						message: `The signer did not sign request ${requestPk} within ${limitMinutes} minutes; the signing page is closed. Create a new request to try again (a signature completed in the very last moment would show with Document → Download, signed).`,
						documents: documents as unknown as IDataObject[],
						signer: signer as unknown as IDataObject,
					},
					binary: input.binary,
					pairedItem: { item: i },
				},
			],
		],
	};
	await this.putExecutionToWait(new Date(expiresAt));
	return [{ json: { requestPk, signed: false, status: 'waiting' }, pairedItem: { item: i } }];
}
