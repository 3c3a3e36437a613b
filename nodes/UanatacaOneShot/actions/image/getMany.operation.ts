import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllFields } from '../../descriptions/sharedFields';
import { listedItems } from '../../helpers/outputItems';
import { parseStoredFileList } from '../../../shared/responses';
import { callOptimizer, secretsOf } from '../../../shared/transport';

const properties: INodeProperties[] = [...returnAllFields];

export const description = updateDisplayOptions(
	{ show: { resource: ['image'], operation: ['getMany'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const { credentials, response } = await callOptimizer.call(this, i, {
		endpoint: 'image.getMany',
	});
	return listedItems(
		this,
		i,
		{
			list: parseStoredFileList(response.body),
			body: response.body,
			what: 'it returned no image list',
			secrets: secretsOf(credentials),
		},
		(image) => ({
			imageUid: image.uid,
			fileName: image.fileName,
			mimeType: image.mimeType,
			width: image.width,
			height: image.height,
			fileSize: image.fileSize,
			uploadDate: image.uploadDate,
		}),
	);
}
