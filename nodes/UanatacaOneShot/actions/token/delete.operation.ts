import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { tokenUidField } from '../../descriptions/common';
import { messageOf } from '../../../shared/responses';
import { getOneShotCredentials, oneShotApiRequest } from '../../../shared/transport';
import { tokenUidParameter } from './get.operation';

export const description = updateDisplayOptions(
	{ show: { resource: ['token'], operation: ['delete'] } },
	[tokenUidField],
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const tokenUid = tokenUidParameter.call(this, i);
	const credentials = await getOneShotCredentials.call(this);
	const response = await oneShotApiRequest.call(
		this,
		{ endpoint: 'token.delete', params: { tokenUid }, itemIndex: i },
		credentials,
	);
	return [
		{
			json: { deleted: true, message: messageOf(response.body) ?? 'Token deleted' },
			pairedItem: { item: i },
		},
	];
}
