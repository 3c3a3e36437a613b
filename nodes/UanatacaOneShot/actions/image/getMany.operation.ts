import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parseStoredFileList } from '../../helpers/responses';
import {
	getOneShotCredentials,
	oneShotApiRequest,
	secretsOf,
	unexpectedAnswer,
} from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: true,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['image'], operation: ['getMany'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const credentials = await getOneShotCredentials.call(this);
	const response = await oneShotApiRequest.call(
		this,
		{ endpoint: 'image.getMany', itemIndex: i },
		credentials,
	);
	const images = parseStoredFileList(response.body);
	if (!images) {
		throw unexpectedAnswer.call(this, 'no image list', response.body, secretsOf(credentials), i);
	}
	const returnAll = this.getNodeParameter('returnAll', i, true) as boolean;
	const limit = this.getNodeParameter('limit', i, 50) as number;
	return (returnAll ? images : images.slice(0, limit)).map((image) => ({
		json: {
			imageUid: image.uid,
			fileName: image.fileName,
			mimeType: image.mimeType,
			width: image.width,
			height: image.height,
			fileSize: image.fileSize,
			uploadDate: image.uploadDate,
		},
		pairedItem: { item: i },
	}));
}
