import type { INodeProperties } from 'n8n-workflow';

import type { OneShotOperation } from '../node.type';
import * as del from './delete.operation';
import * as deleteAll from './deleteAll.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as upload from './upload.operation';

export const operations: Record<string, OneShotOperation> = {
	delete: del,
	deleteAll,
	get,
	getMany,
	upload,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['image'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a signature image from the Optimizer',
				action: 'Delete a signature image',
			},
			{
				name: 'Delete All',
				value: 'deleteAll',
				description: 'Delete every signature image (legacy Optimizer only)',
				action: 'Delete all signature images',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Download a signature image into a binary field',
				action: 'Get a signature image',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the signature images (legacy Optimizer only)',
				action: 'Get many signature images',
			},
			{
				name: 'Upload',
				value: 'upload',
				description: 'Upload a PNG image to show in visible signatures',
				action: 'Upload a signature image',
			},
		],
		default: 'upload',
	},
	...upload.description,
	...get.description,
	...del.description,
	...getMany.description,
	...deleteAll.description,
];
