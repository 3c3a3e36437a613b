import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllFields } from '../../descriptions/sharedFields';
import { listedItems } from '../../helpers/outputItems';
import { parseTokenList } from '../../../shared/responses';
import { callOptimizer, secretsOf } from '../../../shared/transport';

const properties: INodeProperties[] = [...returnAllFields];

export const description = updateDisplayOptions(
	{ show: { resource: ['token'], operation: ['getMany'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const { credentials, response } = await callOptimizer.call(this, i, {
		endpoint: 'token.getMany',
	});
	return listedItems(
		this,
		i,
		{
			list: parseTokenList(response.body),
			body: response.body,
			what: 'it returned no token list',
			secrets: secretsOf(credentials),
		},
		(token) => ({ ...token }),
	);
}
