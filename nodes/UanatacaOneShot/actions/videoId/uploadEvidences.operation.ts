import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inputBinaries } from '../../helpers/outputItems';
import { messageOf } from '../../../shared/responses';
import { getOneShotCredentials, oneShotApiRequest } from '../../../shared/transport';
import { readVideoIdTarget, targetJson, targetParams, videoIdTargetFields } from './target';
import { SECURITY_CHECKS, readEvidence } from './evidence';

const properties: INodeProperties[] = [
	...videoIdTargetFields,
	{
		displayName: 'Given Name',
		name: 'givenName',
		type: 'string',
		required: true,
		default: '',
		description: 'First name read from the ID document (OCR data)',
	},
	{
		displayName: 'First Surname',
		name: 'surname1',
		type: 'string',
		required: true,
		default: '',
		description: 'First surname read from the ID document (OCR data)',
	},
	{
		displayName: 'ID Document Number',
		name: 'serialNumber',
		type: 'string',
		required: true,
		default: '',
		description: 'Number read from the ID document (OCR data)',
	},
	{
		displayName: 'Security Checks Passed',
		name: 'securityChecks',
		type: 'multiOptions',
		options: SECURITY_CHECKS,
		default: [],
		description:
			'Checks your Video ID provider passed; the ones not chosen are sent as failed. Leave empty to send no security checks.',
	},
	{
		displayName: 'Identity Data',
		name: 'identity',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'More data read from the ID document (OCR data)',
		options: [
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
			},
			{
				displayName: 'ID Document Country',
				name: 'idDocumentCountry',
				type: 'string',
				default: '',
				placeholder: 'ES',
				description:
					'Two-letter country code (ISO 3166-1) of the country that issued the ID document',
			},
			{
				displayName: 'ID Document Type',
				name: 'idDocumentType',
				type: 'options',
				options: [
					{ name: 'IDC (National ID Card)', value: 'IDC' },
					{ name: 'PAS (Passport)', value: 'PAS' },
					{ name: 'PNO (Personal Number)', value: 'PNO' },
					{ name: 'TIN (Tax ID)', value: 'TIN' },
				],
				default: 'IDC',
			},
			{
				displayName: 'Mobile Phone Number',
				name: 'mobilePhoneNumber',
				type: 'string',
				default: '',
				placeholder: '+34600123123',
			},
			{ displayName: 'Second Surname', name: 'surname2', type: 'string', default: '' },
			{
				displayName: 'Similarity Level',
				name: 'similarityLevel',
				type: 'string',
				default: '',
				placeholder: '95',
				description:
					'How well the selfie matches the ID photo, as your provider reports it: 0 to 100 (or a word such as "high")',
			},
		],
	},
	{
		displayName: 'Images (Binary Fields)',
		name: 'images',
		type: 'collection',
		placeholder: 'Add Image',
		default: {},
		description: 'Names of input binary fields holding JPEG or PNG images; they are sent in Base64',
		options: [
			{
				displayName: 'ID Document Back Image',
				name: 'documentRear',
				type: 'string',
				default: '',
				placeholder: 'idBack',
			},
			{
				displayName: 'ID Document Front Image',
				name: 'documentFront',
				type: 'string',
				default: '',
				placeholder: 'idFront',
			},
			{
				displayName: 'Photo From the ID Document',
				name: 'documentPhoto',
				type: 'string',
				default: '',
				description: 'The portrait cut out of the ID document',
			},
			{
				displayName: 'Selfie of the Signer',
				name: 'documentOwner',
				type: 'string',
				default: '',
				placeholder: 'selfie',
			},
		],
	},
	{
		displayName: 'Terms Acceptance',
		name: 'acceptance',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Evidence that the signer accepted the terms and the privacy policy',
		options: [
			{
				displayName: 'Accepted At',
				name: 'date',
				type: 'dateTime',
				default: '',
				description: 'When the signer accepted',
			},
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: 'User Accepted Terms and Conditions and Privacy Policy',
			},
			{
				displayName: 'IP Address',
				name: 'ip',
				type: 'string',
				default: '',
				placeholder: '186.0.91.53',
			},
			{ displayName: 'Privacy Policy URL', name: 'privacyPolicyUrl', type: 'string', default: '' },
			{ displayName: 'Terms and Conditions URL', name: 'termsUrl', type: 'string', default: '' },
			{
				displayName: 'User Agent',
				name: 'userAgent',
				type: 'string',
				default: '',
				description: "The signer's browser",
			},
			{ displayName: 'Video ID Page URL', name: 'videoIdUrl', type: 'string', default: '' },
		],
	},
	{
		displayName: 'Extra Evidence (JSON)',
		name: 'extraEvidence',
		type: 'json',
		default: '{}',
		description:
			'Further fields agreed with Uanataca for your external Video ID, merged into the evidence sent (e.g. {"videoid_data": {"ocr_data": {"birth_date": "01/01/1990"}}})',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['videoId'], operation: ['uploadEvidences'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const target = readVideoIdTarget.call(this, i);
	const { body, imagesSent } = await readEvidence.call(this, i);
	const credentials = await getOneShotCredentials.call(this);
	const response = await oneShotApiRequest.call(
		this,
		{
			endpoint: 'videoId.uploadEvidences',
			params: targetParams(target),
			body,
			itemIndex: i,
			timeoutMs: 300_000,
		},
		credentials,
	);
	return [
		{
			json: {
				...targetJson(target),
				evidencesUploaded: true,
				imagesSent,
				message: messageOf(response.body) ?? null,
			},
			binary: inputBinaries(this.getInputData(), i),
			pairedItem: { item: i },
		},
	];
}
