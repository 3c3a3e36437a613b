import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { businessFieldsOf } from '../../helpers/accountFields';
import { overridesField } from '../../descriptions/overrideFields';
import { explainRaoRefusal } from '../../helpers/raoToken';
import { itemWithInputFiles } from '../../helpers/outputItems';
import { messageOf, parseAsyncMode, parseRequestPk, parseStatus } from '../../../shared/responses';
import { simplifyItem, simplifyProperty } from '../../../shared/simplify';
import { ValidationError } from '../../../shared/validation';
import { asyncFields, identityImages, signerFields, signerSummary } from './signerFields';
import { signingPageUrl } from '../../../shared/callbacks/callbackKey';
import { oneShotApiRequest, secretsOf, unexpectedAnswer } from '../../../shared/transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Given Name',
		name: 'givenName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'María',
		description: 'First name of the signer, as written on the ID document',
	},
	{
		displayName: 'First Surname',
		name: 'surname1',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'García',
		description: 'First surname of the signer, as written on the ID document',
	},
	{
		displayName: 'ID Document Type',
		name: 'idDocumentType',
		type: 'options',
		required: true,
		default: 'IDC',
		options: [
			{ name: 'CE (Foreigner ID Card)', value: 'CE' },
			{ name: 'CI (Identity Card)', value: 'CI' },
			{ name: 'IDC (National ID Card)', value: 'IDC' },
			{ name: 'PAS (Passport)', value: 'PAS' },
			{ name: 'PNO (Personal Number)', value: 'PNO' },
			{ name: 'TIN (Tax ID)', value: 'TIN' },
		],
		description: 'Kind of ID document the signer identifies with',
	},
	{
		displayName: 'ID Document Country',
		name: 'idDocumentCountry',
		type: 'string',
		required: true,
		default: 'ES',
		placeholder: 'ES',
		description: 'Two-letter country code (ISO 3166-1) of the country that issued the ID document',
	},
	{
		displayName: 'ID Document Number',
		name: 'serialNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: '12345678Z',
		description: 'Number of the ID document (sent as serial_number)',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
		description: 'E-mail address of the signer',
	},
	{
		displayName: 'Mobile Phone Number',
		name: 'mobilePhoneNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+34600123123',
		description:
			'Mobile number of the signer with its international prefix. The one-time code (OTP) is sent there.',
	},
	{
		displayName: 'Asynchronous Mode',
		name: 'asyncMode',
		type: 'boolean',
		default: false,
		description:
			'Whether the Optimizer answers at once and reports progress by webhook instead of keeping each call open until done. Recommended for workflows: sign then returns immediately.',
	},
	{
		displayName: 'Callback URL',
		name: 'callbackUrl',
		type: 'string',
		default: '',
		placeholder: 'https://n8n.example.com/webhook/…/oneshot?token=…',
		description:
			'Where the Optimizer sends status notifications for this request: the URL of a Uanataca One-Shot Trigger, or {{ $execution.resumeUrl }} to resume this execution. Leave empty to use the webhook Uanataca set on your registration authority.',
		displayOptions: { show: { asyncMode: [true] } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Communication Language',
				name: 'communicationLanguage',
				type: 'options',
				options: [
					{ name: 'English', value: 'EN' },
					{ name: 'Polish', value: 'PL' },
					{ name: 'Spanish', value: 'ES' },
				],
				default: 'EN',
				description: 'Language of the messages the signer receives',
			},
			{
				displayName: 'Extra Document (Binary Field)',
				name: 'extraDocument',
				type: 'string',
				default: '',
				description: 'Name of the input binary field holding an extra supporting document',
			},
			{
				displayName: 'ID Document Back Image (Binary Field)',
				name: 'documentRear',
				type: 'string',
				default: '',
				placeholder: 'idBack',
				description:
					'Name of the input binary field holding a JPEG or PNG photo of the back of the ID document (needed by some profiles)',
			},
			{
				displayName: 'ID Document Front Image (Binary Field)',
				name: 'documentFront',
				type: 'string',
				default: '',
				placeholder: 'idFront',
				description:
					'Name of the input binary field holding a JPEG or PNG photo of the front of the ID document (needed by some profiles)',
			},
			{
				displayName: 'Residence Address',
				name: 'residenceAddress',
				type: 'string',
				default: '',
				description: 'Street address of residence (needed by some profiles)',
			},
			{
				displayName: 'Residence City',
				name: 'residenceCity',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Residence Country',
				name: 'residence',
				type: 'string',
				default: '',
				placeholder: 'ES',
				description: 'Two-letter code of the country of residence (needed by some profiles)',
			},
			{
				displayName: 'Residence Postal Code',
				name: 'residencePostalCode',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Second Surname',
				name: 'surname2',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Selfie With ID Document (Binary Field)',
				name: 'documentOwner',
				type: 'string',
				default: '',
				description:
					'Name of the input binary field holding a photo of the signer holding the ID document below the chin',
			},
			{
				displayName: 'Special Conditions',
				name: 'specialConditions',
				type: 'string',
				default: '',
				description: 'Special conditions text (needed by some profiles)',
			},
		],
	},
	overridesField(),
	simplifyProperty('the request number, its status and mode'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['request'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const { credentials, business } = await businessFieldsOf.call(this, i);
	const additional = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const asyncMode = this.getNodeParameter('asyncMode', i, false) as boolean;

	const fields = signerFields.call(this, i, additional);
	const callbackToThisExecution = asyncMode ? asyncFields.call(this, i, fields) : false;
	fields.push(...business.fields);
	const hasRao = business.fields.some(([k]) => k === 'token' || k === 'username');
	if (!hasRao) {
		throw new ValidationError(
			'No RAO credentials to approve the request',
			'Set "RAO Token" (or RAO username, password and PIN) in the credential, or override the token in this node.',
		);
	}
	const files = await identityImages.call(this, i, additional);

	const response = await oneShotApiRequest
		.call(
			this,
			{
				endpoint: 'request.create',
				multipart: { fields, files },
				itemIndex: i,
				secrets: business.secrets,
				timeoutMs: 120_000,
			},
			credentials,
		)
		.catch(async (error: unknown) => {
			// A token without the password or PIN: say which credential fields to fill.
			const sent = Object.fromEntries(business.fields);
			throw await explainRaoRefusal.call(this, error, credentials, sent, i);
		});
	const requestPk = parseRequestPk(response.body);
	if (requestPk === undefined) {
		throw unexpectedAnswer.call(
			this,
			'the request was accepted but no request number (pk) was found',
			response.body,
			secretsOf(credentials, business.secrets),
			i,
		);
	}
	const item = itemWithInputFiles.call(this, i, {
		requestPk,
		asyncMode: parseAsyncMode(response.body) ?? asyncMode,
		status: parseStatus(response.body) ?? null,
		message: messageOf(response.body) ?? null,
		callbackToThisExecution,
		// the link to send the signer for Sign via Signing Page (its own page key: issue 13)
		signingPageUrl: signingPageUrl.call(this, i, requestPk),
		signer: signerSummary(fields),
	});
	const simple = this.getNodeParameter('simplify', i, false) as boolean;
	return [simplifyItem(item, 'requestCreate', simple)];
}
