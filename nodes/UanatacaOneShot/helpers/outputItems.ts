/** The shape of output items several operations share. */
import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { unexpectedAnswer } from '../../shared/transport';

/**
 * Files of the input item travel on to the output, so a flow such as
 * Trigger (PDF) → Create → Upload → Get Contract needs no Merge node to keep its documents.
 * Binary data are references to n8n's binary store: nothing is copied.
 */
export function inputBinaries(
	items: Array<{ binary?: Record<string, IBinaryData> }>,
	itemIndex: number,
): Record<string, IBinaryData> {
	return { ...(items[itemIndex]?.binary ?? {}) };
}

/**
 * The items of a list the Optimizer answered (`list`: undefined when the body was not one, which
 * is an error naming `what`), cut to "Limit" unless "Return All" is on, one item per entry.
 */
export function listedItems<T>(
	context: IExecuteFunctions,
	itemIndex: number,
	answer: { list: T[] | undefined; body: unknown; what: string; secrets: string[] },
	toJson: (entry: T) => IDataObject,
): INodeExecutionData[] {
	const { list } = answer;
	if (!list) {
		throw unexpectedAnswer.call(context, answer.what, answer.body, answer.secrets, itemIndex);
	}
	const returnAll = context.getNodeParameter('returnAll', itemIndex, true) as boolean;
	const limit = context.getNodeParameter('limit', itemIndex, 50) as number;
	return (returnAll ? list : list.slice(0, limit)).map((entry) => ({
		json: toJson(entry),
		pairedItem: { item: itemIndex },
	}));
}
