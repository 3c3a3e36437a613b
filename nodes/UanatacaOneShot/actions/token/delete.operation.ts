import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { tokenUidField } from '../../descriptions/sharedFields';
import { messageOf } from '../../../shared/responses';
import { callOptimizer } from '../../../shared/transport';
import { tokenUidParameter } from './get.operation';

export const description = updateDisplayOptions(
	{ show: { resource: ['token'], operation: ['delete'] } },
	[tokenUidField],
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const tokenUid = tokenUidParameter.call(this, i);
	const { response } = await callOptimizer.call(this, i, {
		endpoint: 'token.delete',
		params: { tokenUid },
	});
	return [
		{
			json: { deleted: true, message: messageOf(response.body) ?? 'Token deleted' },
			pairedItem: { item: i },
		},
	];
}
