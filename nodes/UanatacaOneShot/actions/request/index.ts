import type { INodeProperties } from 'n8n-workflow';

import type { OneShotOperation } from '../node.type';
import * as cancel from './cancel.operation';
import * as create from './create.operation';
import * as generateOtp from './generateOtp.operation';
import * as get from './get.operation';
import * as getAsyncStatus from './getAsyncStatus.operation';
import * as sign from './sign.operation';
import * as signViaPage from './signViaPage.operation';

export const operations: Record<string, OneShotOperation> = {
	cancel,
	create,
	generateOtp,
	get,
	getAsyncStatus,
	sign,
	signViaPage,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['request'] } },
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				description: 'Cancel a request that is not signed yet (legacy Optimizer only)',
				action: 'Cancel a signature request',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create a signature request for a signer (classic or asynchronous mode)',
				action: 'Create a signature request',
			},
			{
				name: 'Generate OTP',
				value: 'generateOtp',
				description: 'Send the signer a one-time code by SMS or WhatsApp (one per minute at most)',
				action: 'Send the one time code to the signer',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get the status and signer data of a request (legacy Optimizer only)',
				action: 'Get a signature request',
			},
			{
				name: 'Get Asynchronous Status',
				value: 'getAsyncStatus',
				description:
					'Get the progress of a request created in asynchronous mode (legacy Optimizer only)',
				action: 'Get the asynchronous status of a signature request',
			},
			{
				name: 'Sign',
				value: 'sign',
				description: 'Sign the uploaded documents with the code the signer received',
				action: 'Sign the documents of a request',
			},
			{
				name: 'Sign via Signing Page',
				value: 'signViaPage',
				description:
					'Wait while the signer reads the documents, gets the code and signs on a page this node serves',
				action: 'Let the signer sign on a web page',
			},
		],
		default: 'create',
	},
	...create.description,
	...generateOtp.description,
	...sign.description,
	...signViaPage.description,
	...get.description,
	...cancel.description,
	...getAsyncStatus.description,
];
