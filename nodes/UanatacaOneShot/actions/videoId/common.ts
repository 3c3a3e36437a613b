/**
 * What every Video ID operation after Create needs: which Video ID. The current Optimizer names
 * it by its Video ID number (videoid_pk), the legacy one by its request number (request_pk)
 * (docs/optimizer-api.md#video-id); both come out of Create Video ID, and the transport picks the one the
 * credential's generation needs.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { BusinessOverrides } from '../../helpers/accountFields';
import { raoFields } from '../../helpers/accountFields';
import { explainRaoRefusal, readToken } from '../../helpers/raoToken';

type RaoSent = { token?: string; password?: string; pin?: string };
import {
	ValidationError,
	normalizePositiveInt,
	normalizeRequestPk,
} from '../../../shared/validation';
import { inputBinaries } from '../../helpers/outputItems';
import { trimmedText } from '../../../shared/text';
import { messageOf } from '../../../shared/responses';
import type { OneShotCredentials } from '../../../shared/transport';
import { getOneShotCredentials, oneShotApiRequest } from '../../../shared/transport';

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

/** RAO credentials of the approving or refusing RAO, refused early when there are none. */
export function raoBody(
	credentials: OneShotCredentials,
	overrides: BusinessOverrides & { raoId?: string },
): { body: IDataObject; secrets: string[] } {
	const rao = raoFields(credentials, overrides);
	if (!rao.body.token && !rao.body.username) {
		throw new ValidationError(
			'No RAO credentials to decide on the Video ID',
			'Set "RAO Token" (or RAO username, password and PIN) in the credential, or override them in this node\'s options.',
		);
	}
	return rao;
}

/**
 * A RAO's decision on a Video ID (approve or refuse): RAO credentials from the credential or the
 * options, the Video ID the generation needs, and the decision's fields in the output.
 */
export async function raoDecision(
	this: IExecuteFunctions,
	i: number,
	endpoint: 'videoId.approve' | 'videoId.refuse',
	extraBody: IDataObject,
	outcome: IDataObject,
): Promise<INodeExecutionData[]> {
	const target = readVideoIdTarget.call(this, i);
	const credentials = await getOneShotCredentials.call(this);
	const overrides = this.getNodeParameter('options', i, {}) as BusinessOverrides & {
		raoId?: string;
	};
	const rao = raoBody(credentials, overrides);
	const number = credentials.apiGeneration === 'legacy' ? target.requestPk : target.videoIdPk;
	if (!rao.body.rao && typeof rao.body.token === 'string' && number !== undefined) {
		// The documents want the RAO's id with a token too: the token knows it (Token → Get).
		const info = await readToken.call(this, credentials, rao.body.token, i);
		if (info?.username) rao.body.rao = info.username;
	}
	// The legacy refuse samples send the RAO's id as rao_id, its schema as rao: both are sent.
	if (endpoint === 'videoId.refuse' && credentials.apiGeneration === 'legacy' && rao.body.rao) {
		rao.body.rao_id = rao.body.rao;
	}
	let response;
	try {
		response = await oneShotApiRequest.call(
			this,
			{
				endpoint,
				params: targetParams(target),
				body: { ...rao.body, ...extraBody },
				itemIndex: i,
				secrets: rao.secrets,
				timeoutMs: 120_000,
			},
			credentials,
		);
	} catch (error) {
		throw await explainRaoRefusal.call(this, error, credentials, rao.body as RaoSent, i);
	}
	return [
		{
			json: { ...targetJson(target), ...outcome, message: messageOf(response.body) ?? null },
			binary: inputBinaries(this.getInputData(), i),
			pairedItem: { item: i },
		},
	];
}
