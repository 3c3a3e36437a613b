import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { messageOf } from '../../../shared/responses';
import { callOptimizer } from '../../../shared/transport';

const properties: INodeProperties[] = [
	{
		displayName:
			'This deletes every signature image stored on the Optimizer, for every workflow that uses it',
		name: 'deleteAllNotice',
		type: 'notice',
		default: '',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['image'], operation: ['deleteAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const { response } = await callOptimizer.call(this, i, { endpoint: 'image.deleteAll' });
	return [
		{
			json: { deleted: true, message: messageOf(response.body) ?? 'Images deleted successfully' },
			pairedItem: { item: i },
		},
	];
}
