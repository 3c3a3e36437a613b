import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestPkField } from '../../helpers/descriptions';
import { messageOf } from '../../helpers/responses';
import { normalizeRequestPk } from '../../helpers/validation';
import { getOneShotCredentials, oneShotApiRequest } from '../../transport';

const properties: INodeProperties[] = [
	{
		...requestPkField,
		hint: 'Only a legacy Optimizer (/api/v1) documents this call',
	},
	{
		displayName:
			'Cancelling removes the request and its documents from the Optimizer. A request that is already signed cannot be cancelled.',
		name: 'cancelNotice',
		type: 'notice',
		default: '',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['request'], operation: ['cancel'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const requestPk = normalizeRequestPk(this.getNodeParameter('requestPk', i));
	const credentials = await getOneShotCredentials.call(this);
	const response = await oneShotApiRequest.call(
		this,
		{ endpoint: 'request.cancel', params: { requestPk }, itemIndex: i },
		credentials,
	);
	return [
		{
			json: { requestPk, cancelled: true, message: messageOf(response.body) ?? null },
			pairedItem: { item: i },
		},
	];
}
