import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inputBinaries } from '../../helpers/descriptions';
import { messageOf } from '../../helpers/responses';
import { ValidationError, isMp4, requireText } from '../../helpers/validation';
import { getOneShotCredentials, oneShotApiRequest } from '../../transport';
import { readVideoIdTarget, targetJson, targetParams, videoIdTargetFields } from './common';

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
	const property = requireText(
		this.getNodeParameter('binaryPropertyName', i, 'data'),
		'Input Binary Field',
	);
	const available = Object.keys(this.getInputData()[i]?.binary ?? {});
	if (!available.includes(property)) {
		throw new ValidationError(
			`The input item has no binary field "${property}"`,
			available.length
				? `Its binary fields are: ${available.join(', ')}.`
				: 'The input item has no binary data at all: read or download the video in an earlier step.',
		);
	}
	const meta = this.helpers.assertBinaryData(i, property);
	const data = await this.helpers.getBinaryDataBuffer(i, property);
	const fileName = meta.fileName || `${property}.mp4`;
	if (!isMp4(data)) {
		throw new ValidationError(
			`"${fileName}" (binary field "${property}") is not an MP4 video`,
			'The Video ID video must be an MP4 file. Convert it first.',
		);
	}
	const credentials = await getOneShotCredentials.call(this);
	const response = await oneShotApiRequest.call(
		this,
		{
			endpoint: 'videoId.uploadVideo',
			params: targetParams(target),
			multipart: {
				fields: [],
				files: [{ name: 'video', fileName, contentType: 'video/mp4', data }],
			},
			itemIndex: i,
			timeoutMs: 600_000,
		},
		credentials,
	);
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
