import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { binaryFile } from '../../../shared/files/binaryInput';
import { binaryFieldParameter, inputBinaries } from '../../helpers/outputItems';
import { messageOf } from '../../../shared/responses';
import { ValidationError, isMp4 } from '../../../shared/validation';
import { callOptimizer } from '../../../shared/transport';
import { readVideoIdTarget, targetJson, targetParams, videoIdTargetFields } from './target';

const properties: INodeProperties[] = [
	...videoIdTargetFields,
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the input binary field holding the MP4 video',
		description: 'The video of the identification session, as an MP4 file',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['videoId'], operation: ['uploadVideo'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const target = readVideoIdTarget.call(this, i);
	const property = binaryFieldParameter.call(this, i, 'Input Binary Field');
	const file = await binaryFile.call(this, i, property, 'video', {
		what: 'the video',
		extension: 'mp4',
		contentType: 'video/mp4',
		accepts: isMp4,
		refused: (fileName, field) =>
			new ValidationError(
				`"${fileName}" (binary field "${field}") is not an MP4 video`,
				'The Video ID video must be an MP4 file. Convert it first.',
			),
	});
	const { fileName } = file;
	const { response } = await callOptimizer.call(this, i, {
		endpoint: 'videoId.uploadVideo',
		params: targetParams(target),
		multipart: { fields: [], files: [file] },
		timeoutMs: 600_000,
	});
	return [
		{
			json: {
				...targetJson(target),
				videoUploaded: true,
				fileName,
				message: messageOf(response.body) ?? null,
			},
			binary: inputBinaries(this.getInputData(), i),
			pairedItem: { item: i },
		},
	];
}
