import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { tokenUidField } from '../../descriptions/sharedFields';
import { locatorParameter } from '../../helpers/locators';
import { parseTokenInfo } from '../../../shared/responses';
import { callOptimizer, secretsOf, unexpectedAnswer } from '../../../shared/transport';

/** Kept for imports from earlier versions; the field lives in descriptions/sharedFields.ts. */
export { tokenUidField };

export const description = updateDisplayOptions(
	{ show: { resource: ['token'], operation: ['get'] } },
	[tokenUidField],
);

/** The token chosen in the node: a locator value, or a plain string saved by older versions. */
export function tokenUidParameter(this: IExecuteFunctions, i: number): string {
	return locatorParameter.call(this, 'tokenUid', i, 'Token');
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const tokenUid = tokenUidParameter.call(this, i);
	const { credentials, response } = await callOptimizer.call(this, i, {
		endpoint: 'token.get',
		params: { tokenUid },
	});
	const info = parseTokenInfo(tokenUid, response.body);
	if (!info)
		throw unexpectedAnswer.call(
			this,
			'it returned no token details',
			response.body,
			secretsOf(credentials),
			i,
		);
	return [{ json: { ...info }, pairedItem: { item: i } }];
}
