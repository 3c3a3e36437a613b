import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { jsonParse, updateDisplayOptions } from 'n8n-workflow';

import { inputBinaries } from '../../descriptions/common';
import { messageOf } from '../../../shared/responses';
import {
	ValidationError,
	isJpeg,
	isPng,
	normalizeCountry,
	normalizeEmail,
	normalizeIdDocumentType,
	normalizePhone,
	normalizeUrl,
	requireText,
} from '../../../shared/validation';
import { getOneShotCredentials, oneShotApiRequest } from '../../../shared/transport';
import { readVideoIdTarget, targetJson, targetParams, videoIdTargetFields } from './common';

/** security_checks of the evidence (oneshot-legacy-openapi.yaml UploadData_VID). */
const SECURITY_CHECKS = [
	{
		name: 'Data Integrity',
		value: 'data_integrity',
		description: 'Document data is not corrupted',
	},
	{ name: 'Document Is Not a Copy', value: 'document_notcopy' },
	{ name: 'Document Is Not Expired', value: 'document_notexpired' },
	{ name: 'Documents Match Official Registers', value: 'documents_match' },
	{ name: 'Liveness', value: 'liveliness', description: 'The person on the video is real' },
	{ name: 'OTP Validated', value: 'otp_validation' },
	{ name: 'Signer Is Not Underage', value: 'document_notunderage' },
];

/** images of the evidence: parameter, API field, label. */
const IMAGES: Array<[string, string, string]> = [
	['documentFront', 'document_front', 'ID Document Front Image'],
	['documentRear', 'document_rear', 'ID Document Back Image'],
	['documentPhoto', 'document_photo', 'Photo From the ID Document'],
	['documentOwner', 'document_owner', 'Selfie of the Signer'],
];

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

const isObject = (value: unknown): value is IDataObject =>
	!!value && typeof value === 'object' && !Array.isArray(value);

/** Deep merge of the user's extra JSON into the evidence (the extra wins). */
function merge(target: IDataObject, extra: IDataObject): IDataObject {
	for (const [key, value] of Object.entries(extra)) {
		target[key] =
			isObject(value) && isObject(target[key])
				? merge({ ...(target[key] as IDataObject) }, value)
				: value;
	}
	return target;
}

const text = (value: unknown) =>
	value === undefined || value === null ? '' : String(value).trim();

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const target = readVideoIdTarget.call(this, i);
	const identity = this.getNodeParameter('identity', i, {}) as IDataObject;
	const ocr: IDataObject = {
		given_name: requireText(this.getNodeParameter('givenName', i, ''), 'Given Name'),
		surname_1: requireText(this.getNodeParameter('surname1', i, ''), 'First Surname'),
		serial_number: requireText(this.getNodeParameter('serialNumber', i, ''), 'ID Document Number'),
	};
	if (text(identity.surname2)) ocr.surname_2 = text(identity.surname2);
	if (text(identity.mobilePhoneNumber))
		ocr.mobile_phone_number = normalizePhone(identity.mobilePhoneNumber);
	if (text(identity.email)) ocr.email = normalizeEmail(identity.email);
	if (text(identity.idDocumentType))
		ocr.id_document_type = normalizeIdDocumentType(identity.idDocumentType);
	if (text(identity.idDocumentCountry))
		ocr.id_document_country = normalizeCountry(identity.idDocumentCountry);

	const videoIdData: IDataObject = { ocr_data: ocr };
	const imageFields = this.getNodeParameter('images', i, {}) as IDataObject;
	const images: IDataObject = {};
	for (const [key, field, label] of IMAGES) {
		const property = text(imageFields[key]);
		if (!property) continue;
		const meta = this.helpers.assertBinaryData(i, property);
		const data = await this.helpers.getBinaryDataBuffer(i, property);
		if (!isJpeg(data) && !isPng(data)) {
			throw new ValidationError(
				`"${label}" (binary field "${property}", ${meta.fileName ?? 'no file name'}) is not a JPEG or PNG image`,
				'Video ID images must be JPEG or PNG files.',
			);
		}
		images[field] = data.toString('base64');
	}
	if (Object.keys(images).length) videoIdData.images = images;

	const passed = this.getNodeParameter('securityChecks', i, []) as string[];
	if (passed.length) {
		videoIdData.security_checks = Object.fromEntries(
			SECURITY_CHECKS.map((check) => [check.value, passed.includes(check.value)]),
		);
	}
	const similarity = text(identity.similarityLevel);
	if (similarity)
		videoIdData.similarity_level = /^\d+(\.\d+)?$/.test(similarity)
			? Number(similarity)
			: similarity;

	const body: IDataObject = { videoid_data: videoIdData };
	const acceptanceInput = this.getNodeParameter('acceptance', i, {}) as IDataObject;
	const acceptance: IDataObject = {};
	if (text(acceptanceInput.description)) acceptance.description = text(acceptanceInput.description);
	if (text(acceptanceInput.ip)) acceptance.ip = text(acceptanceInput.ip);
	if (text(acceptanceInput.userAgent)) acceptance['user-agent'] = text(acceptanceInput.userAgent);
	const urls: Array<[string, string, string]> = [
		['privacyPolicyUrl', 'url-doc-privacypolicy', 'Privacy Policy URL'],
		['termsUrl', 'url-doc-termsconditions', 'Terms and Conditions URL'],
		['videoIdUrl', 'url-web-videoid', 'Video ID Page URL'],
	];
	for (const [key, field, label] of urls) {
		if (text(acceptanceInput[key])) acceptance[field] = normalizeUrl(acceptanceInput[key], label);
	}
	if (text(acceptanceInput.date)) {
		const at = Date.parse(text(acceptanceInput.date));
		if (Number.isNaN(at)) {
			throw new ValidationError(`"${text(acceptanceInput.date)}" in "Accepted At" is not a date`);
		}
		// the vendor's example sends milliseconds since 1970
		acceptance.date = at;
	}
	if (Object.keys(acceptance).length) body.acceptance = acceptance;

	const extraRaw = this.getNodeParameter('extraEvidence', i, '{}');
	let extra: unknown = extraRaw;
	if (typeof extraRaw === 'string') {
		extra = extraRaw.trim() ? jsonParse(extraRaw, { fallbackValue: undefined }) : {};
	}
	if (extra === undefined) {
		throw new ValidationError(
			'"Extra Evidence (JSON)" is not valid JSON',
			'Write a JSON object, e.g. {"videoid_data": {}}.',
		);
	}
	if (!isObject(extra)) {
		throw new ValidationError(
			'"Extra Evidence (JSON)" must be a JSON object',
			'Write a JSON object, e.g. {"videoid_data": {}}.',
		);
	}
	merge(body, extra);

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
				imagesSent: Object.keys(images),
				message: messageOf(response.body) ?? null,
			},
			binary: inputBinaries(this.getInputData(), i),
			pairedItem: { item: i },
		},
	];
}
