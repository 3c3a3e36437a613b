import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as document from './actions/document';
import * as request from './actions/request';
import { router } from './actions/router';
import * as token from './actions/token';

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
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Document', value: 'document' },
					{ name: 'Signature Request', value: 'request' },
					{ name: 'Token', value: 'token' },
				],
				default: 'request',
			},
			...request.description,
			...document.description,
			...token.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
