import type { INodeProperties } from 'n8n-workflow';

import type { OneShotOperation } from '../node.type';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export const operations: Record<string, OneShotOperation> = {
	create,
	delete: del,
	get,
	getMany,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['token'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Store RAO credentials in a new token on the Optimizer',
				action: 'Create a token',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a RAO token',
				action: 'Delete a token',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get which RAO a token belongs to and what it stores',
				action: 'Get a token',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the RAO tokens of the Optimizer',
				action: 'Get many tokens',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
	...get.description,
	...create.description,
	...del.description,
];
