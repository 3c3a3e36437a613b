import type { INodeProperties } from 'n8n-workflow';

import type { OneShotOperation } from '../node.type';
import * as del from './delete.operation';
import * as deleteAll from './deleteAll.operation';
import * as download from './download.operation';
import * as getContract from './getContract.operation';
import * as getMany from './getMany.operation';
import * as upload from './upload.operation';

export const operations: Record<string, OneShotOperation> = {
	delete: del,
	deleteAll,
	download,
	getContract,
	getMany,
	upload,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['document'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete one document of a request from the Optimizer',
				action: 'Delete a document',
			},
			{
				name: 'Delete All',
				value: 'deleteAll',
				description: 'Delete every document of a request from the Optimizer',
				action: 'Delete all documents of a request',
			},
			{
				name: 'Download',
				value: 'download',
				description: 'Download the original or signed copy of a document (PDF, or .p7m for a hash)',
				action: 'Download a document',
			},
			{
				name: 'Get Contract',
				value: 'getContract',
				description:
					'Download the service contract the signer must see and sign with the documents',
				action: 'Get the service contract',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the documents of a request (legacy Optimizer only)',
				action: 'Get many documents',
			},
			{
				name: 'Upload',
				value: 'upload',
				description: 'Upload PDF documents (several per item), or a hash, to sign',
				action: 'Upload documents',
			},
		],
		default: 'upload',
	},
	...upload.description,
	...download.description,
	...getContract.description,
	...del.description,
	...deleteAll.description,
	...getMany.description,
];
