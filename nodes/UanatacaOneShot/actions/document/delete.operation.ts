import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { documentUidField, requestPkField } from '../../descriptions/common';
import { documentUidParameter } from '../../helpers/locators';
import { messageOf } from '../../../shared/responses';
import { normalizeRequestPk } from '../../../shared/validation';
import { getOneShotCredentials, oneShotApiRequest } from '../../../shared/transport';

export const description = updateDisplayOptions(
	{ show: { resource: ['document'], operation: ['delete'] } },
	[requestPkField, documentUidField],
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const requestPk = normalizeRequestPk(this.getNodeParameter('requestPk', i));
	const documentUid = documentUidParameter.call(this, i);
	const credentials = await getOneShotCredentials.call(this);
	const response = await oneShotApiRequest.call(
		this,
		{ endpoint: 'document.delete', params: { requestPk, documentUid }, itemIndex: i },
		credentials,
	);
	return [
		{
			json: { requestPk, documentUid, deleted: true, message: messageOf(response.body) ?? null },
			pairedItem: { item: i },
		},
	];
}
