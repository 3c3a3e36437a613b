import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { binaryOutputField } from '../../descriptions/sharedFields';
import { binaryFieldParameter, downloadedFileItem } from '../../helpers/outputItems';
import { downloadToBinary } from '../../../shared/files/download';
import { getOneShotCredentials } from '../../../shared/transport';
import { readVideoIdTarget, targetJson, targetParams, videoIdTargetFields } from './target';

const properties: INodeProperties[] = [
	...videoIdTargetFields,
	binaryOutputField('Name of the output binary field the MP4 video is put in'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['videoId'], operation: ['downloadVideo'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const target = readVideoIdTarget.call(this, i);
	const property = binaryFieldParameter.call(this, i, 'Put Output File in Field');
	const credentials = await getOneShotCredentials.call(this);
	const data = await downloadToBinary.call(this, {
		endpoint: 'videoId.downloadVideo',
		params: targetParams(target),
		fallbackFileName: `videoid_${target.requestPk ?? target.videoIdPk}.mp4`,
		itemIndex: i,
		credentials,
		timeoutMs: 600_000,
	});
	return downloadedFileItem.call(this, i, { ...targetJson(target) }, { property, data });
}
