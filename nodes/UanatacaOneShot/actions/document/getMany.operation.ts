import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { requestPkField, returnAllFields } from '../../descriptions/sharedFields';
import { listedItems } from '../../helpers/outputItems';
import { parseStoredFileList } from '../../../shared/responses';
import { normalizeRequestPk } from '../../../shared/validation';
import { getOneShotCredentials, oneShotApiRequest, secretsOf } from '../../../shared/transport';

const properties: INodeProperties[] = [
	{
		...requestPkField,
		hint: 'Only a legacy Optimizer (/api/v1) can list the documents of a request',
	},
	...returnAllFields,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['document'], operation: ['getMany'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const requestPk = normalizeRequestPk(this.getNodeParameter('requestPk', i));
	const credentials = await getOneShotCredentials.call(this);
	let response;
	try {
		response = await oneShotApiRequest.call(
			this,
			{ endpoint: 'document.getMany', params: { requestPk }, itemIndex: i },
			credentials,
		);
	} catch (error) {
		// the legacy Optimizer answers 404 "No documents found for specified Request" for none
		if (
			error instanceof NodeApiError &&
			error.httpCode === '404' &&
			/no documents found/i.test(error.message)
		) {
			return [];
		}
		if (error instanceof NodeApiError)
			throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
	}
	return listedItems(
		this,
		i,
		{
			list: parseStoredFileList(response.body),
			body: response.body,
			what: 'it returned no document list',
			secrets: secretsOf(credentials),
		},
		(doc) => ({
			requestPk,
			documentUid: doc.uid,
			fileName: doc.fileName,
			mimeType: doc.mimeType,
			fileSize: doc.fileSize,
			uploadDate: doc.uploadDate,
		}),
	);
}
