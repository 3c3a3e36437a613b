/**
 * "From List" of the resource locators: tokens (both generations), a request's documents and
 * signature images (legacy Optimizer only: the current one cannot list them, and the error says
 * what to do instead).
 */
import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseStoredFileList, parseTokenList } from '../../shared/responses';
import { normalizeRequestPk } from '../../shared/validation';
import {
	getOneShotCredentials,
	oneShotApiRequest,
	secretsOf,
	unexpectedAnswer,
} from '../../shared/transport';

const short = (uid: string) => (uid.length > 12 ? `${uid.slice(0, 8)}…` : uid);

function filtered(items: INodeListSearchItems[], filter?: string): INodeListSearchResult {
	const needle = filter?.trim().toLowerCase();
	const results = needle
		? items.filter(
				(item) =>
					item.name.toLowerCase().includes(needle) ||
					String(item.value).toLowerCase().includes(needle),
			)
		: items;
	return { results };
}

export async function searchTokens(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const credentials = await getOneShotCredentials.call(this);
	const response = await oneShotApiRequest.call(this, { endpoint: 'token.getMany' }, credentials);
	const tokens = parseTokenList(response.body);
	if (!tokens)
		throw unexpectedAnswer.call(
			this,
			'it returned no token list',
			response.body,
			secretsOf(credentials),
		);
	return filtered(
		tokens.map((token) => ({
			name: `${token.username ? `RAO ${token.username}` : 'Token'} (${short(token.tokenUid)})`,
			value: token.tokenUid,
		})),
		filter,
	);
}

/** The request the documents belong to, from the node's "Request ID" as typed. */
function requestPkForList(this: ILoadOptionsFunctions): number {
	const raw = this.getCurrentNodeParameter('requestPk');
	if (typeof raw === 'string' && raw.trim().startsWith('=')) {
		throw new NodeOperationError(
			this.getNode(),
			'The documents can be listed only for a fixed Request ID',
			{
				description:
					'"Request ID" is an expression, which is only known when the workflow runs. Type the request number to pick from the list, or choose "By ID".',
			},
		);
	}
	try {
		return normalizeRequestPk(raw);
	} catch {
		throw new NodeOperationError(this.getNode(), 'Fill in "Request ID" to list its documents', {
			description: 'Type the request number (requestPk returned by Create), or choose "By ID".',
		});
	}
}

export async function searchDocuments(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const requestPk = requestPkForList.call(this);
	const credentials = await getOneShotCredentials.call(this);
	const response = await oneShotApiRequest.call(
		this,
		{ endpoint: 'document.getMany', params: { requestPk } },
		credentials,
	);
	const documents = parseStoredFileList(response.body);
	if (!documents) {
		throw unexpectedAnswer.call(
			this,
			'it returned no document list',
			response.body,
			secretsOf(credentials),
		);
	}
	return filtered(
		documents.map((doc) => ({
			name: `${doc.fileName ?? 'Document'} (${short(doc.uid)})`,
			value: doc.uid,
			description: doc.uploadDate ? `Uploaded ${doc.uploadDate}` : undefined,
		})),
		filter,
	);
}

export async function searchImages(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const credentials = await getOneShotCredentials.call(this);
	const response = await oneShotApiRequest.call(this, { endpoint: 'image.getMany' }, credentials);
	const images = parseStoredFileList(response.body);
	if (!images)
		throw unexpectedAnswer.call(
			this,
			'it returned no image list',
			response.body,
			secretsOf(credentials),
		);
	return filtered(
		images.map((image) => ({
			name: `${image.fileName ?? 'Image'}${image.width ? ` ${image.width}×${image.height}` : ''} (${short(image.uid)})`,
			value: image.uid,
			description: image.uploadDate ? `Uploaded ${image.uploadDate}` : undefined,
		})),
		filter,
	);
}
