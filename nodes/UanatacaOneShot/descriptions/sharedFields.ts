/**
 * Parameters several operations share, so they look and read the same everywhere (their values
 * are read by helpers/locators.ts).
 */
import type { INodeProperties } from 'n8n-workflow';

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

/**
 * A resource locator: "From List" where the Optimizer can list (searchListMethod), or "By ID".
 * Saved workflows from before may hold a plain string: getNodeParameter(..., { extractValue: true })
 * returns it unchanged, so they keep working.
 */
function locator(args: {
	displayName: string;
	name: string;
	description: string;
	searchListMethod: string;
	placeholder: string;
	required?: boolean;
	/** "id" where only a legacy Optimizer can list, so the default works on both */
	defaultMode?: 'list' | 'id';
}): INodeProperties {
	return {
		displayName: args.displayName,
		name: args.name,
		type: 'resourceLocator',
		required: args.required ?? true,
		default: { mode: args.defaultMode ?? 'list', value: '' },
		description: args.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: args.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: args.placeholder,
			},
		],
	};
}

export const documentUidField: INodeProperties = locator({
	displayName: 'Document',
	name: 'documentUid',
	defaultMode: 'id',
	searchListMethod: 'searchDocuments',
	placeholder: '604b889f-5a4f-4c8e-a8d1-0c1d2e3f4a5b',
	description:
		'The document of the request: its UID as returned by Upload (documents[].uid). The list works with a legacy Optimizer and a fixed Request ID; otherwise choose By ID.',
});

export const tokenUidField: INodeProperties = locator({
	displayName: 'Token',
	name: 'tokenUid',
	searchListMethod: 'searchTokens',
	placeholder: '3bf8d8eb-d96c-41ea-83ad-d78a7016c7da',
	description: 'The RAO token, as returned by Create Token or Get Many Tokens',
});

export const imageUidField: INodeProperties = locator({
	displayName: 'Image',
	name: 'imageUid',
	defaultMode: 'id',
	searchListMethod: 'searchImages',
	placeholder: '463156ce-2b1d-4a8e-9f3c-7d6e5f4a3b2c',
	description:
		'The signature image: its UID as returned by Image → Upload (imageUid). The list works with a legacy Optimizer; otherwise choose By ID.',
});

/** The signature image shown in the visible signature of Sign (optional). */
export const signatureImageField: INodeProperties = locator({
	displayName: 'Signature Image',
	name: 'signatureImage',
	defaultMode: 'id',
	searchListMethod: 'searchImages',
	placeholder: '463156ce-2b1d-4a8e-9f3c-7d6e5f4a3b2c',
	description:
		'PNG image shown in the signature box (e.g. a handwritten signature), uploaded before with Image → Upload. Leave empty for text only.',
	required: false,
});

export const binaryOutputField = (description: string): INodeProperties => ({
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string',
	required: true,
	default: 'data',
	hint: 'The name of the output binary field to put the file in',
	description,
});

/** "Return All" and "Limit" of the Get Many operations. */
export const returnAllFields: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: true,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];
