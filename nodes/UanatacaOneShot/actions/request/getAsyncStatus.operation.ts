import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestPkField } from '../../descriptions/sharedFields';
import { parseAsyncStatus } from '../../../shared/responses';
import { callForRequest, secretsOf, unexpectedAnswer } from '../../../shared/transport';

const properties: INodeProperties[] = [
	{
		...requestPkField,
		hint: 'Only a legacy Optimizer (/api/v1) has this call, for requests created in asynchronous mode',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['request'], operation: ['getAsyncStatus'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const { requestPk, credentials, response } = await callForRequest.call(
		this,
		i,
		'request.getAsyncStatus',
	);
	const asyncStatus = parseAsyncStatus(response.body);
	if (!asyncStatus) {
		throw unexpectedAnswer.call(
			this,
			'it did not give the asynchronous status of the request',
			response.body,
			secretsOf(credentials),
			i,
		);
	}
	const known = !/^unknown$/i.test(asyncStatus);
	return [
		{
			json: {
				requestPk,
				asyncStatus,
				// "Unknown" is the answer for requests not created in asynchronous mode
				asyncMode: known,
				message: known
					? null
					: 'The Optimizer does not know an asynchronous status for this request: it was not created in asynchronous mode.',
			},
			pairedItem: { item: i },
		},
	];
}
