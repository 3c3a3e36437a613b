import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestPkField } from '../../descriptions/sharedFields';
import { messageOf } from '../../../shared/responses';
import { callForRequest } from '../../../shared/transport';

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
	const { requestPk, response } = await callForRequest.call(this, i, 'request.cancel');
	return [
		{
			json: { requestPk, cancelled: true, message: messageOf(response.body) ?? null },
			pairedItem: { item: i },
		},
	];
}
