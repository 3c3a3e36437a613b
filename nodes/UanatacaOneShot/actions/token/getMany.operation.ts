import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitResults, returnAllFields } from '../../helpers/descriptions';
import { parseTokenList } from '../../helpers/responses';
import {
	getOneShotCredentials,
	oneShotApiRequest,
	secretsOf,
	unexpectedAnswer,
} from '../../transport';

const properties: INodeProperties[] = [...returnAllFields];

export const description = updateDisplayOptions(
	{ show: { resource: ['token'], operation: ['getMany'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const credentials = await getOneShotCredentials.call(this);
	const response = await oneShotApiRequest.call(
		this,
		{ endpoint: 'token.getMany', itemIndex: i },
		credentials,
	);
	const tokens = parseTokenList(response.body);
	if (!tokens)
		throw unexpectedAnswer.call(this, 'no token list', response.body, secretsOf(credentials), i);
	const selected = limitResults(this, i, tokens);
	return selected.map((token) => ({ json: { ...token }, pairedItem: { item: i } }));
}
