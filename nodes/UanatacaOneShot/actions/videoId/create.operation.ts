import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { businessFieldsOf } from '../../helpers/accountFields';
import { overrideOptions, overridesField } from '../../descriptions/overrideFields';
import { inputBinaries } from '../../helpers/outputItems';
import { messageOf, parseVideoIdCreated } from '../../../shared/responses';
import { trimmedText } from '../../../shared/text';
import {
	ValidationError,
	normalizeEmail,
	normalizePhone,
	normalizeUrl,
} from '../../../shared/validation';
import { oneShotApiRequest, secretsOf, unexpectedAnswer } from '../../../shared/transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Mobile Phone Number',
		name: 'mobilePhoneNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+34600123123',
		description: 'Mobile number of the signer with its international prefix',
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
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Webhook URL (Legacy Optimizer)',
				name: 'webhookUrl',
				type: 'string',
				default: '',
				placeholder: 'https://n8n.example.com/webhook/…',
				description:
					"Where a legacy Optimizer sends this Video ID's status changes, e.g. the URL of a Uanataca One-Shot Trigger. The current Optimizer takes it from your registration authority's settings instead.",
			},
		],
	},
	// a Video ID is approved later by a RAO: no RAO token here
	overridesField(overrideOptions.filter((option) => option.name !== 'token')),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['videoId'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const { credentials, business } = await businessFieldsOf.call(this, i, { rao: false });
	const additional = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const body: IDataObject = {
		mobile_phone_number: normalizePhone(this.getNodeParameter('mobilePhoneNumber', i, '')),
		email: normalizeEmail(this.getNodeParameter('email', i, '')),
	};
	for (const [key, value] of business.fields) body[key] = value;
	const webhookUrl = trimmedText(additional.webhookUrl);
	if (webhookUrl) {
		if (credentials.apiGeneration === 'current') {
			throw new ValidationError(
				'The current Optimizer does not take a webhook URL for Video ID',
				'Leave "Webhook URL" empty: Uanataca sets the Video ID webhook in your registration authority\'s settings (ask them to point it at your Uanataca One-Shot Trigger).',
			);
		}
		body.webhook_url = normalizeUrl(webhookUrl, 'Webhook URL');
	}
	const response = await oneShotApiRequest.call(
		this,
		{
			endpoint: 'videoId.create',
			body,
			itemIndex: i,
			secrets: business.secrets,
			timeoutMs: 120_000,
		},
		credentials,
	);
	const created = parseVideoIdCreated(response.body);
	if (!created) {
		throw unexpectedAnswer.call(
			this,
			'the Video ID was created but no link or number was found',
			response.body,
			secretsOf(credentials, business.secrets),
			i,
		);
	}
	return [
		{
			json: {
				videoIdLink: created.videoIdLink,
				videoIdPk: created.videoIdPk,
				requestPk: created.requestPk,
				status: 'VIDEOPENDING',
				message: messageOf(response.body) ?? null,
			},
			binary: inputBinaries(this.getInputData(), i),
			pairedItem: { item: i },
		},
	];
}
