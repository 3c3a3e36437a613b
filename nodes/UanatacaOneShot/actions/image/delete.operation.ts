import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { imageUidField } from '../../descriptions/sharedFields';
import { locatorParameter } from '../../helpers/locators';
import { messageOf } from '../../../shared/responses';
import { callOptimizer } from '../../../shared/transport';

export const description = updateDisplayOptions(
	{ show: { resource: ['image'], operation: ['delete'] } },
	[imageUidField],
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const imageUid = locatorParameter.call(this, 'imageUid', i, 'Image');
	const { response } = await callOptimizer.call(this, i, {
		endpoint: 'image.delete',
		params: { imageUid },
	});
	return [
		{
			json: { imageUid, deleted: true, message: messageOf(response.body) ?? 'Image deleted' },
			pairedItem: { item: i },
		},
	];
}
