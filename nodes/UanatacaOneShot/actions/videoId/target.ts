/**
 * What every Video ID operation after Create needs: which Video ID. The current Optimizer names
 * it by its Video ID number (videoid_pk), the legacy one by its request number (request_pk)
 * (docs/optimizer-api.md#video-id); both come out of Create Video ID, and the transport picks
 * the one the credential's generation needs.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { trimmedText } from '../../../shared/text';
import {
	ValidationError,
	normalizePositiveInt,
	normalizeRequestPk,
} from '../../../shared/validation';

export const videoIdTargetFields: INodeProperties[] = [
	{
		displayName: 'Video ID Number',
		name: 'videoIdPk',
		type: 'string',
		default: '={{ $json.videoIdPk }}',
		placeholder: '16673',
		description:
			'Number of the Video ID ("videoIdPk" in the output of Create Video ID). The current Optimizer needs it.',
	},
	{
		displayName: 'Request ID',
		name: 'requestPk',
		type: 'string',
		default: '={{ $json.requestPk }}',
		placeholder: '388141',
		description:
			'Number of the signature request ("requestPk" in the output of Create Video ID). The legacy Optimizer needs it.',
	},
];

export interface VideoIdTarget {
	videoIdPk?: number;
	requestPk?: number;
}

const isEmpty = (value: unknown) => trimmedText(value) === '';

/** The Video ID the item is about; at least one of the two numbers. */
export function readVideoIdTarget(this: IExecuteFunctions, i: number): VideoIdTarget {
	const videoIdPk = this.getNodeParameter('videoIdPk', i, '');
	const requestPk = this.getNodeParameter('requestPk', i, '');
	if (isEmpty(videoIdPk) && isEmpty(requestPk)) {
		throw new ValidationError(
			'"Video ID Number" and "Request ID" are both empty',
			'Take them from the output of Create Video ID: {{ $json.videoIdPk }} and {{ $json.requestPk }}.',
		);
	}
	return {
		videoIdPk: isEmpty(videoIdPk)
			? undefined
			: normalizePositiveInt(
					videoIdPk,
					'Video ID Number',
					'Use videoIdPk from the output of Create Video ID, e.g. {{ $json.videoIdPk }}.',
				),
		requestPk: isEmpty(requestPk) ? undefined : normalizeRequestPk(requestPk),
	};
}

/** The target's numbers as path parameters (only those given). */
export function targetParams(target: VideoIdTarget): Record<string, number> {
	const params: Record<string, number> = {};
	if (target.videoIdPk !== undefined) params.videoIdPk = target.videoIdPk;
	if (target.requestPk !== undefined) params.requestPk = target.requestPk;
	return params;
}

/** The output fields every Video ID operation shares. */
export function targetJson(target: VideoIdTarget): IDataObject {
	return { videoIdPk: target.videoIdPk ?? null, requestPk: target.requestPk ?? null };
}
