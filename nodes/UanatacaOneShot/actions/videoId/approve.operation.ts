import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { BusinessOverrides } from '../../helpers/business';
import { raoOverrideOptions } from '../../helpers/business';
import { inputBinaries } from '../../helpers/descriptions';
import { messageOf } from '../../helpers/responses';
import { getOneShotCredentials, oneShotApiRequest } from '../../transport';
import {
	raoBody,
	readVideoIdTarget,
	targetJson,
	targetParams,
	videoIdTargetFields,
} from './common';

const properties: INodeProperties[] = [
	...videoIdTargetFields,
	{
		displayName:
			'Approve only after a RAO has reviewed the video and the evidence: the RAO takes responsibility for the identification',
		name: 'approveNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: raoOverrideOptions,
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['videoId'], operation: ['approve'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const target = readVideoIdTarget.call(this, i);
	const credentials = await getOneShotCredentials.call(this);
	const overrides = this.getNodeParameter('options', i, {}) as BusinessOverrides & {
		raoId?: string;
	};
	const rao = raoBody(credentials, overrides);
	const response = await oneShotApiRequest.call(
		this,
		{
			endpoint: 'videoId.approve',
			params: targetParams(target),
			body: rao.body,
			itemIndex: i,
			secrets: rao.secrets,
			timeoutMs: 120_000,
		},
		credentials,
	);
	return [
		{
			json: {
				...targetJson(target),
				approved: true,
				status: 'ENROLLREADY',
				message: messageOf(response.body) ?? null,
			},
			binary: inputBinaries(this.getInputData(), i),
			pairedItem: { item: i },
		},
	];
}
