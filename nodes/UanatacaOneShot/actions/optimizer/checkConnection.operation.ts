import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { messageOf } from '../../../shared/responses';
import { callOptimizer } from '../../../shared/transport';

const properties: INodeProperties[] = [
	{
		displayName:
			'Asks the Optimizer whether it is up ("hello"). Only a legacy Optimizer (/api/v1) has this call.',
		name: 'checkConnectionNotice',
		type: 'notice',
		default: '',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['optimizer'], operation: ['checkConnection'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const { credentials, response } = await callOptimizer.call(this, i, {
		endpoint: 'optimizer.checkConnection',
		timeoutMs: 15_000,
	});
	return [
		{
			json: {
				reachable: true,
				baseUrl: credentials.baseUrl,
				apiGeneration: credentials.apiGeneration,
				message: messageOf(response.body) ?? null,
			},
			pairedItem: { item: i },
		},
	];
}
