import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parseVersion } from '../../../shared/responses';
import { callOptimizer, secretsOf, unexpectedAnswer } from '../../../shared/transport';

const properties: INodeProperties[] = [
	{
		displayName:
			'Reads the version of the Optimizer and of the machine it runs on. Only a legacy Optimizer (/api/v1) has this call.',
		name: 'getVersionNotice',
		type: 'notice',
		default: '',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['optimizer'], operation: ['getVersion'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const { credentials, response } = await callOptimizer.call(this, i, {
		endpoint: 'optimizer.getVersion',
		timeoutMs: 15_000,
	});
	const version = parseVersion(response.body);
	if (!version) {
		throw unexpectedAnswer.call(
			this,
			'it returned no version',
			response.body,
			secretsOf(credentials),
			i,
		);
	}
	return [{ json: { ...version }, pairedItem: { item: i } }];
}
