import type { INodeProperties } from 'n8n-workflow';

import type { OneShotOperation } from '../node.type';
import * as checkConnection from './checkConnection.operation';
import * as getVersion from './getVersion.operation';

export const operations: Record<string, OneShotOperation> = { checkConnection, getVersion };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['optimizer'] } },
		options: [
			{
				name: 'Check Connection',
				value: 'checkConnection',
				description: 'Check that the Optimizer is up (legacy Optimizer only)',
				action: 'Check the connection to the optimizer',
			},
			{
				name: 'Get Version',
				value: 'getVersion',
				description: 'Get the version of the Optimizer (legacy Optimizer only)',
				action: 'Get the version of the optimizer',
			},
		],
		default: 'checkConnection',
	},
	...checkConnection.description,
	...getVersion.description,
];
