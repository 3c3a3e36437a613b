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
 * HTML, its state) lives in ../../waiting/signingPage/.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { binaryPrefix, park, timeLimitMinutes } from '../../../shared/signing/parking';
import type { SignedDocumentsOutput } from '../../../shared/signing/copies';
import { hasSignedCopy, signedDocuments } from '../../../shared/signing/signed';
import { optionalText } from '../../../shared/text';
import type { OneShotCredentials } from '../../../shared/transport';
import { getOneShotCredentials } from '../../../shared/transport';
import { ValidationError, normalizeRequestPk, splitList } from '../../../shared/validation';
import { progressFields } from '../../descriptions/pageFields';
import { requestPkField } from '../../descriptions/sharedFields';
import { upstreamOutputs } from '../../helpers/previousSteps';
import type { PageDocumentInfo, SignerInfo } from '../../waiting/signingPage/common';
import {
	DEFAULT_MAX_ATTEMPTS,
	PAGE_URL_EXPRESSION,
	readLook,
} from '../../waiting/signingPage/common';
import { maskPhone } from '../../waiting/signingPage/look';
import {
	addProgressRows,
	progressRow,
	progressTableFor,
} from '../../waiting/signingPage/progressStore';
import { PAGE_STATE_KEY, encodeStoredState, randomToken } from '../../waiting/signingPage/state';
import { finishPages, joinPages } from '../../waiting/signingPage/batch';
import { pageLanguage } from '../../waiting/signingPage/texts';

const DEFAULT_LIMIT_MINUTES = 1440;
const properties: INodeProperties[] = [
	{
		displayName: `Send the signer the link to the signing page from a node before this one (e-mail, SMS, chat): ${PAGE_URL_EXPRESSION} — it works while this node waits. The signer reads the contract and the documents, gets the code by SMS and signs; then the workflow goes on.`,
		name: 'signingPageNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { '@version': [1] } },
	},
	{
		displayName:
			"Send the signer the link to the signing page from a node before this one (e-mail, SMS, chat): {{ $('Create').item.json.signingPageUrl }} — Create's output for this request; each signer's link opens only their own page, while this node waits. The signer reads the contract and the documents, gets the code by SMS and signs; then the workflow goes on.",
		name: 'signingPageLinkNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] } },
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
	...progressFields,
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
/** The documents to show and sign: the given UIDs, else those uploaded earlier. */
function documentsToSign(this: IExecuteFunctions, i: number, requestPk: number) {
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
	return documents;
}

/** Who the page greets, where the code goes, and the page's language. */
function signerOf(this: IExecuteFunctions, i: number, requestPk: number, options: IDataObject) {
	const created = upstreamOutputs.call(this, i, 'request', 'create', requestPk);
	const createdSigner = (created.find((json) => json.signer)?.signer ?? {}) as IDataObject;
	const signer: SignerInfo = {
		name: optionalText(options.signerName) ?? optionalText(createdSigner.name) ?? null,
		maskedPhone:
			maskPhone(
				optionalText(options.signerPhone) ?? optionalText(createdSigner.mobilePhoneNumber),
			) ?? null,
		language: pageLanguage(
			options.language && options.language !== 'request'
				? options.language
				: createdSigner.communicationLanguage,
		),
	};
	return signer;
}

/** A request that is already signed is not offered again: the outcome at once. */
async function alreadySigned(
	this: IExecuteFunctions,
	i: number,
	credentials: OneShotCredentials,
	requestPk: number,
	documents: PageDocumentInfo[],
	options: IDataObject,
): Promise<INodeExecutionData> {
	const copies: SignedDocumentsOutput | undefined =
		options.returnSignedDocuments !== false
			? await signedDocuments.call(
					this,
					credentials,
					requestPk,
					documents.map((doc) => doc.uid),
					binaryPrefix(options),
					i,
				)
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
	return item;
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const requestPk = normalizeRequestPk(this.getNodeParameter('requestPk', i));
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	readLook(options);
	const limitMinutes = timeLimitMinutes(options, DEFAULT_LIMIT_MINUTES);
	const documents = documentsToSign.call(this, i, requestPk);
	const signer = signerOf.call(this, i, requestPk, options);

	const credentials = await getOneShotCredentials.call(this);
	const uids = documents.map((doc) => doc.uid);
	if (await hasSignedCopy.call(this, credentials, requestPk, uids, { itemIndex: i })) {
		return [await alreadySigned.call(this, i, credentials, requestPk, documents, options)];
	}

	const expiresAt = Date.now() + limitMinutes * 60_000;
	// the timed-out outcome carries what the page shows (documents, signer)
	const input = items[i];
	const timedOut: INodeExecutionData = {
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
	};
	// several items: one page per signer, the execution parks once after the last (finish)
	if (items.length > 1) return joinPages.call(this, i, { requestPk, seed: timedOut, expiresAt });
	const key = randomToken(24);
	// version 3: the signer's progress is kept in a data table from the start (progressStore)
	const table = await progressTableFor.call(this, i);
	if (table) {
		const row = progressRow(String(this.getExecutionId()), key);
		await addProgressRows.call(this, table.api, table.tableId, [{ row, closesAt: expiresAt }]);
	}
	await park.call(this, {
		itemIndex: i,
		subject: 'The signing page',
		requestPks: [requestPk],
		stateKey: PAGE_STATE_KEY,
		state: encodeStoredState({ v: 1, pk: requestPk, k: key, x: expiresAt, t: table?.tableId }),
		timedOut,
		until: new Date(expiresAt),
	});
	return [{ json: { requestPk, signed: false, status: 'waiting' }, pairedItem: { item: i } }];
}

/** Several items: the execution parks once for every page, after the last item. */
export const finish = finishPages;
