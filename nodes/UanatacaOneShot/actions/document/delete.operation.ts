import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { documentUidField, requestPkField } from '../../descriptions/sharedFields';
import { documentUidParameter } from '../../helpers/locators';
import { messageOf } from '../../../shared/responses';
import { normalizeRequestPk } from '../../../shared/validation';
import { getOneShotCredentials, oneShotApiRequest } from '../../../shared/transport';

const options: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Document Type',
			name: 'documentType',
			type: 'options',
			options: [
				{ name: 'Original', value: 'original', description: 'The document as uploaded' },
				{
					name: 'Signed',
					value: 'signed',
					description: 'The signed copy (legacy Optimizer only)',
				},
			],
			default: 'original',
			description: 'Which copy of the document to delete',
		},
	],
};

export const description = updateDisplayOptions(
	{ show: { resource: ['document'], operation: ['delete'] } },
	[requestPkField, documentUidField, options],
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const requestPk = normalizeRequestPk(this.getNodeParameter('requestPk', i));
	const documentUid = documentUidParameter.call(this, i);
	const chosen = this.getNodeParameter('options', i, {}) as IDataObject;
	// The legacy Delete Document takes the copy in its path: original or signed (docs/optimizer-api.md#routes).
	const documentType = chosen.documentType === 'signed' ? 'signed' : 'original';
	const credentials = await getOneShotCredentials.call(this);
	if (documentType === 'signed' && credentials.apiGeneration !== 'legacy') {
		throw new NodeOperationError(
			this.getNode(),
			'Deleting only the signed copy is not possible on the current Optimizer (/oneshot/api/v1)',
			{
				itemIndex: i,
				description:
					'Its documentation has no way to choose the copy. Document → Delete All removes every document of the request, originals and signed copies.',
			},
		);
	}
	const response = await oneShotApiRequest.call(
		this,
		{ endpoint: 'document.delete', params: { requestPk, documentUid, documentType }, itemIndex: i },
		credentials,
	);
	return [
		{
			json: {
				requestPk,
				documentUid,
				documentType,
				deleted: true,
				message: messageOf(response.body) ?? null,
			},
			pairedItem: { item: i },
		},
	];
}
