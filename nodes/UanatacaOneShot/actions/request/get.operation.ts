import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestPkField } from '../../descriptions/sharedFields';
import { parseRequestInfo } from '../../../shared/responses';
import { callForRequest, secretsOf, unexpectedAnswer } from '../../../shared/transport';

const properties: INodeProperties[] = [
	{
		...requestPkField,
		hint: 'Only a legacy Optimizer (/api/v1) documents this call; the current one reports progress by notifications',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['request'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const { requestPk, credentials, response } = await callForRequest.call(this, i, 'request.get');
	const info = parseRequestInfo(requestPk, response.body);
	if (!info) {
		throw unexpectedAnswer.call(
			this,
			'it returned no request details',
			response.body,
			secretsOf(credentials),
			i,
		);
	}
	return [
		{
			json: {
				...info,
				signed: info.status === 'ISSUED',
				readyToSign: info.status === 'ENROLLREADY',
			},
			pairedItem: { item: i },
		},
	];
}
