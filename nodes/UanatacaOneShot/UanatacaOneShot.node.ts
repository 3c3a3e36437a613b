import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as document from './actions/document';
import * as image from './actions/image';
import * as optimizer from './actions/optimizer';
import * as request from './actions/request';
import { webhook as signCompletionWebhook } from './actions/request/sign.operation';
import { router } from './actions/router';
import * as token from './actions/token';
import * as videoId from './actions/videoId';
import { searchDocuments, searchImages, searchTokens } from './methods/listSearch';

/**
 * The resume webhook of a parked Sign (`{{ $execution.resumeUrl }}`): never registered as a live
 * route; n8n serves it at /webhook-waiting/<executionId> while the execution waits.
 */
const waitingWebhooks: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		responseData: 'noData',
		path: '',
		restartWebhook: true,
	},
];

export class UanatacaOneShot implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Uanataca One-Shot',
		name: 'uanatacaOneShot',
		icon: {
			light: 'file:../../icons/uanataca-oneshot.svg',
			dark: 'file:../../icons/uanataca-oneshot.dark.svg',
		},
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Sign documents with a single-use qualified certificate through the Uanataca One-Shot Optimizer',
		defaults: { name: 'Uanataca One-Shot' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'uanatacaOneShotApi', required: true }],
		webhooks: waitingWebhooks,
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Document', value: 'document' },
					{ name: 'Image', value: 'image', description: 'Images for visible signatures' },
					{
						name: 'Optimizer',
						value: 'optimizer',
						description: 'Connection and version checks',
					},
					{ name: 'Signature Request', value: 'request' },
					{ name: 'Token', value: 'token' },
					{
						name: 'Video ID',
						value: 'videoId',
						description: 'Identify the signer by video instead of an ID check by a RAO',
					},
				],
				default: 'request',
			},
			...request.description,
			...document.description,
			...token.description,
			...image.description,
			...videoId.description,
			...optimizer.description,
		],
	};

	methods = {
		listSearch: { searchDocuments, searchImages, searchTokens },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await signCompletionWebhook.call(this);
	}
}
