import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestPkField } from '../../descriptions/sharedFields';
import { messageOf } from '../../../shared/responses';
import { callForRequest } from '../../../shared/transport';

export const description = updateDisplayOptions(
	{ show: { resource: ['document'], operation: ['deleteAll'] } },
	[requestPkField],
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const { requestPk, response } = await callForRequest.call(this, i, 'document.deleteAll');
	return [
		{
			json: { requestPk, deleted: true, message: messageOf(response.body) ?? null },
			pairedItem: { item: i },
		},
	];
}
