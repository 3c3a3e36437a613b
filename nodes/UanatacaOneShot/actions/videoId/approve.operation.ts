import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { raoOptionsField } from '../../descriptions/overrideFields';
import { raoDecision } from './raoDecision';
import { videoIdTargetFields } from './target';

const properties: INodeProperties[] = [
	...videoIdTargetFields,
	{
		displayName:
			'Approve only after a RAO has reviewed the video and the evidence: the RAO takes responsibility for the identification',
		name: 'approveNotice',
		type: 'notice',
		default: '',
	},
	raoOptionsField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['videoId'], operation: ['approve'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	return await raoDecision.call(
		this,
		i,
		'videoId.approve',
		{},
		{ approved: true, status: 'ENROLLREADY' },
	);
}
