import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { BusinessOverrides } from '../../helpers/business';
import { raoOverrideOptions } from '../../helpers/business';
import { inputBinaries } from '../../helpers/descriptions';
import { messageOf } from '../../helpers/responses';
import { requireText } from '../../helpers/validation';
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
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		typeOptions: { rows: 2 },
		required: true,
		default: '',
		placeholder: 'The face on the video does not match the ID document',
		description: 'Why the identification is refused (kept with the request)',
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
	{ show: { resource: ['videoId'], operation: ['refuse'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const target = readVideoIdTarget.call(this, i);
	const reason = requireText(this.getNodeParameter('reason', i, ''), 'Reason');
	const credentials = await getOneShotCredentials.call(this);
	const overrides = this.getNodeParameter('options', i, {}) as BusinessOverrides & {
		raoId?: string;
	};
	const rao = raoBody(credentials, overrides);
	const response = await oneShotApiRequest.call(
		this,
		{
			endpoint: 'videoId.refuse',
			params: targetParams(target),
			body: { ...rao.body, reason },
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
				refused: true,
				status: 'CANCELLED',
				reason,
				message: messageOf(response.body) ?? null,
			},
			binary: inputBinaries(this.getInputData(), i),
			pairedItem: { item: i },
		},
	];
}
