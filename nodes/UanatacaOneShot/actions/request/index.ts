import type { INodeProperties } from 'n8n-workflow';

import type { OneShotOperation } from '../node.type';
import * as create from './create.operation';
import * as generateOtp from './generateOtp.operation';
import * as sign from './sign.operation';

export const operations: Record<string, OneShotOperation> = { create, generateOtp, sign };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['request'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a signature request for a signer (classic or asynchronous mode)',
				action: 'Create a signature request',
			},
			{
				name: 'Generate OTP',
				value: 'generateOtp',
				description: 'Send the signer a one-time code by SMS (one per minute at most)',
				action: 'Send the one time code to the signer',
			},
			{
				name: 'Sign',
				value: 'sign',
				description: 'Sign the uploaded documents with the code the signer received',
				action: 'Sign the documents of a request',
			},
		],
		default: 'create',
	},
	...create.description,
	...generateOtp.description,
	...sign.description,
];
