import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parseTokenInfo } from '../../helpers/responses';
import { requireText } from '../../helpers/validation';
import {
	getOneShotCredentials,
	oneShotApiRequest,
	secretsOf,
	unexpectedAnswer,
} from '../../transport';

export const tokenUidField: INodeProperties = {
	displayName: 'Token UID',
	name: 'tokenUid',
	type: 'string',
	typeOptions: { password: true },
	required: true,
	default: '',
	description: 'The RAO token, as returned by Create Token or Get Many Tokens',
};

export const description = updateDisplayOptions(
	{ show: { resource: ['token'], operation: ['get'] } },
	[tokenUidField],
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const tokenUid = requireText(this.getNodeParameter('tokenUid', i), 'Token UID');
	const credentials = await getOneShotCredentials.call(this);
	const response = await oneShotApiRequest.call(
		this,
		{ endpoint: 'token.get', params: { tokenUid }, itemIndex: i },
		credentials,
	);
	const info = parseTokenInfo(tokenUid, response.body);
	if (!info)
		throw unexpectedAnswer.call(this, 'no token details', response.body, secretsOf(credentials), i);
	return [{ json: { ...info }, pairedItem: { item: i } }];
}
