import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { raoOptionsField } from '../../descriptions/overrideFields';
import { requireText } from '../../../shared/validation';
import { raoDecision } from './raoDecision';
import { videoIdTargetFields } from './target';

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
	raoOptionsField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['videoId'], operation: ['refuse'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const reason = requireText(this.getNodeParameter('reason', i, ''), 'Reason');
	return await raoDecision.call(
		this,
		i,
		'videoId.refuse',
		{ reason },
		{ refused: true, status: 'CANCELLED', reason },
	);
}
