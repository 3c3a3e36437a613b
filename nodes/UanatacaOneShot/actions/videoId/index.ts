import type { INodeProperties } from 'n8n-workflow';

import type { OneShotOperation } from '../node.type';
import * as approve from './approve.operation';
import * as create from './create.operation';
import * as downloadVideo from './downloadVideo.operation';
import * as refuse from './refuse.operation';
import * as uploadEvidences from './uploadEvidences.operation';
import * as uploadVideo from './uploadVideo.operation';

export const operations: Record<string, OneShotOperation> = {
	approve,
	create,
	downloadVideo,
	refuse,
	uploadEvidences,
	uploadVideo,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['videoId'] } },
		options: [
			{
				name: 'Approve',
				value: 'approve',
				description: 'A RAO approves the identification: the request becomes ready to sign',
				action: 'Approve a video ID',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Start a Video ID identification and get the link to send to the signer',
				action: 'Create a video ID',
			},
			{
				name: 'Download Video',
				value: 'downloadVideo',
				description: 'Download the identification video (legacy Optimizer only)',
				action: 'Download the video of a video ID',
			},
			{
				name: 'Refuse',
				value: 'refuse',
				description: 'A RAO refuses the identification, with a reason: the request is cancelled',
				action: 'Refuse a video ID',
			},
			{
				name: 'Upload Evidences',
				value: 'uploadEvidences',
				description:
					'Send the data and images your own Video ID provider collected (external Video ID)',
				action: 'Upload the evidences of a video ID',
			},
			{
				name: 'Upload Video',
				value: 'uploadVideo',
				description: 'Send the MP4 video your own Video ID provider recorded (external Video ID)',
				action: 'Upload the video of a video ID',
			},
		],
		default: 'create',
	},
	...create.description,
	...uploadEvidences.description,
	...uploadVideo.description,
	...approve.description,
	...refuse.description,
	...downloadVideo.description,
];
