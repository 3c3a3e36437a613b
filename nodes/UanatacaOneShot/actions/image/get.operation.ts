import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { binaryOutputField, imageUidField } from '../../descriptions/sharedFields';
import { binaryFieldParameter, downloadedFileItem } from '../../helpers/outputItems';
import { locatorParameter } from '../../helpers/locators';
import { downloadToBinary } from '../../../shared/files/download';
import { getOneShotCredentials } from '../../../shared/transport';

const properties: INodeProperties[] = [
	imageUidField,
	binaryOutputField('Name of the output binary field the PNG image is put in'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['image'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const imageUid = locatorParameter.call(this, 'imageUid', i, 'Image');
	const property = binaryFieldParameter.call(this, i, 'Put Output File in Field');
	const credentials = await getOneShotCredentials.call(this);
	const data = await downloadToBinary.call(this, {
		endpoint: 'image.get',
		params: { imageUid },
		fallbackFileName: `signature_image_${imageUid.slice(0, 8)}.png`,
		itemIndex: i,
		credentials,
	});
	return downloadedFileItem.call(this, i, { imageUid }, { property, data });
}
