import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as document from './actions/document';
import * as image from './actions/image';
import * as optimizer from './actions/optimizer';
import * as request from './actions/request';
import { router } from './actions/router';
import * as token from './actions/token';
import * as videoId from './actions/videoId';
import { searchDocuments, searchImages, searchTokens } from './methods/listSearch';
import { dispatchWaitingWebhook, waitingWebhooks } from './waiting';

export class UanatacaOneShot implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Uanataca One-Shot',
		name: 'uanatacaOneShot',
		icon: {
			light: 'file:../../icons/uanataca-oneshot.svg',
			dark: 'file:../../icons/uanataca-oneshot.dark.svg',
		},
		group: ['output'],
		// 2: a signing page opens only with its own link (Create's signingPageUrl, with the page's
		// key); version 1 also accepts the plain {{ $execution.resumeUrl }}/page (issue 13)
		// 3: the signing page keeps each signer's progress in an n8n data table by default
		// (Remember Signer Progress In); versions 1 and 2 keep it in the process only
		version: [1, 2, 3],
		defaultVersion: 3,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Sign documents with a single-use qualified certificate through the Uanataca One-Shot Optimizer',
		defaults: { name: 'Uanataca One-Shot' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'uanatacaOneShotApi', required: true },
			{
				// the signing page's data table (version 3, Remember Signer Progress In)
				name: 'uanatacaOneShotN8nApi',
				required: true,
				displayOptions: {
					show: {
						'@version': [3],
						resource: ['request'],
						operation: ['signViaPage'],
						progressStore: ['dataTable'],
					},
				},
			},
		],
		webhooks: waitingWebhooks,
		// shown in the editor while an execution waits at this node
		waitingNodeTooltip:
			'={{ $parameter["operation"] === "signViaPage" ? "Waiting for the signer at the signing page (the link is signingPageUrl in Create\'s output)" : "Waiting for the Optimizer\'s notice that the documents are signed" }}',
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

	/** Sign's completion notices and the signing page: ./waiting */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await dispatchWaitingWebhook.call(this);
	}
}
