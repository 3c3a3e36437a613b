/** The shape of output items several operations share. */
import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { unexpectedAnswer } from '../../shared/transport';
import { requireText } from '../../shared/validation';

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

/** One output item: this JSON, and the input item's files when it had any. */
export function itemWithInputFiles(
	this: IExecuteFunctions,
	itemIndex: number,
	json: IDataObject,
): INodeExecutionData {
	const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
	const binary = inputBinaries(this.getInputData(), itemIndex);
	if (Object.keys(binary).length) item.binary = binary;
	return item;
}

/** The name of the binary field an operation reads or writes ("binaryPropertyName"), required. */
export function binaryFieldParameter(this: IExecuteFunctions, itemIndex: number, label: string) {
	return requireText(this.getNodeParameter('binaryPropertyName', itemIndex, 'data'), label);
}

/**
 * The output item of a download: what identifies the file (`json`), its name, type and size, and
 * the file itself in `property` beside the input item's files.
 */
export function downloadedFileItem(
	this: IExecuteFunctions,
	itemIndex: number,
	json: IDataObject,
	file: { property: string; data: IBinaryData },
): INodeExecutionData[] {
	const { property, data } = file;
	return [
		{
			json: {
				...json,
				fileName: data.fileName ?? null,
				mimeType: data.mimeType,
				fileSize: data.fileSize ?? null,
			},
			binary: { ...inputBinaries(this.getInputData(), itemIndex), [property]: data },
			pairedItem: { item: itemIndex },
		},
	];
}
