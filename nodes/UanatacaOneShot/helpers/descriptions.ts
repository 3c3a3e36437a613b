/** Parameters several operations share, so they look and read the same everywhere. */
import type { IBinaryData, INodeProperties } from 'n8n-workflow';

export const requestPkField: INodeProperties = {
	displayName: 'Request ID',
	name: 'requestPk',
	type: 'string',
	required: true,
	default: '={{ $json.requestPk }}',
	placeholder: '388141',
	description:
		'Number of the signature request ("requestPk" in the output of Create). The default takes it from the incoming item.',
};

export const documentUidField: INodeProperties = {
	displayName: 'Document UID',
	name: 'documentUid',
	type: 'string',
	required: true,
	default: '',
	placeholder: '604b889f-5a4f-4c8e-a8d1-0c1d2e3f4a5b',
	description: 'UID of the document, as returned by Upload (documents[].uid)',
};

export const binaryOutputField = (description: string): INodeProperties => ({
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string',
	required: true,
	default: 'data',
	hint: 'The name of the output binary field to put the file in',
	description,
});

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
