import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { limitResults, returnAllFields } from '../../helpers/descriptions';
import { parseStoredFileList } from '../../helpers/responses';
import {
	getOneShotCredentials,
	oneShotApiRequest,
	secretsOf,
	unexpectedAnswer,
} from '../../transport';

const properties: INodeProperties[] = [...returnAllFields];

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
	return limitResults(this, i, images).map((image) => ({
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
