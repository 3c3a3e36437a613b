import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestPkField } from '../../descriptions/sharedFields';
import { itemWithInputFiles } from '../../helpers/outputItems';
import { messageOf } from '../../../shared/responses';
import { normalizeRequestPk } from '../../../shared/validation';
import { getOneShotCredentials, oneShotApiRequest } from '../../../shared/transport';

const properties: INodeProperties[] = [
	requestPkField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Delivery Method',
				name: 'deliveryMethod',
				type: 'options',
				options: [
					{ name: 'SMS', value: 'sms' },
					{ name: 'WhatsApp', value: 'whatsapp' },
				],
				default: 'sms',
				description:
					"How the code reaches the signer's mobile number. Without this option the Optimizer's default is used (SMS unless its settings say otherwise); WhatsApp works only where your Optimizer supports it.",
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['request'], operation: ['generateOtp'] } },
	properties,
);

const nonEmpty = (body: IDataObject) => (Object.keys(body).length > 0 ? body : undefined);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const requestPk = normalizeRequestPk(this.getNodeParameter('requestPk', i));
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const credentials = await getOneShotCredentials.call(this);
	const body: IDataObject = {};
	if (options.deliveryMethod) body.delivery_method = options.deliveryMethod;
	const response = await oneShotApiRequest.call(
		this,
		// No options, no body: the vendor's samples send none (docs/optimizer-api.md#otp).
		{ endpoint: 'request.generateOtp', params: { requestPk }, body: nonEmpty(body), itemIndex: i },
		credentials,
	);
	return [
		itemWithInputFiles.call(this, i, {
			requestPk,
			otpSent: true,
			deliveryMethod: (options.deliveryMethod as string) ?? 'sms',
			message: messageOf(response.body) ?? 'OTP generated',
		}),
	];
}
