import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { documentUidField, requestPkField } from '../../descriptions/common';
import { documentUidParameter } from '../../helpers/locators';
import { messageOf } from '../../../shared/responses';
import { normalizeRequestPk } from '../../../shared/validation';
import { callOptimizer } from '../../../shared/transport';

export const description = updateDisplayOptions(
	{ show: { resource: ['document'], operation: ['delete'] } },
	[requestPkField, documentUidField],
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const requestPk = normalizeRequestPk(this.getNodeParameter('requestPk', i));
	const documentUid = documentUidParameter.call(this, i);
	const { response } = await callOptimizer.call(this, i, {
		endpoint: 'document.delete',
		params: { requestPk, documentUid },
	});
	return [
		{
			json: { requestPk, documentUid, deleted: true, message: messageOf(response.body) ?? null },
			pairedItem: { item: i },
		},
	];
}
