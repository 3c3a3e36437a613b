import { randomBytes } from 'crypto';
import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { loadConfig, testCallbackCredential } from './callbackAuth';
import { clearMemory } from './dedupe';
import { triggerProperties } from './description';
import { ConfigError } from './filters';
import { checkRelaySettings } from './relay';
import { handleCallback } from './webhook';

/**
 * Production URL: `<n8n>/webhook/<webhookId>/oneshot`. Answered as soon as the callback is
 * processed ('onReceived'), with an empty body ('noData') rather than n8n's default text.
 */
const webhookDescriptions: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		responseData: 'noData',
		path: 'oneshot',
	},
];

export class UanatacaOneShotTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Uanataca One-Shot Trigger',
		name: 'uanatacaOneShotTrigger',
		icon: {
			light: 'file:../../icons/uanataca-oneshot.svg',
			dark: 'file:../../icons/uanataca-oneshot.dark.svg',
		},
		group: ['trigger'],
		// 1.1 behaves exactly as 1. n8n evaluates an expression (`options.binaryData`, a setting of
		// its own Webhook node v1) for every request into a webhook node of version 1, which costs
		// an expression sandbox per callback; from 1.1 on it does not (measured: docs/benchmarks.md).
		// 2: the protection comes from a callback credential and is required unless the user picks
		// "None (Not Recommended)"; 1 and 1.1 keep their parameters (see callbackAuth.ts)
		version: [1, 1.1, 2],
		defaultVersion: 2,
		subtitle:
			'={{"On " + ($parameter["statuses"].length ? $parameter["statuses"].join(", ") : "any status change")}}',
		description:
			'Starts the workflow when the One-Shot Optimizer reports a status change of a signature request',
		defaults: { name: 'Uanataca One-Shot Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'uanatacaOneShotApi', required: false },
			{
				name: 'uanatacaOneShotCallbackAuthApi',
				required: true,
				testedBy: 'testCallbackCredential',
				// the parameter exists from version 2 on (see description.ts), so 1 and 1.1 never show it
				displayOptions: { show: { callbackAuthentication: ['credential'] } },
			},
			{
				// "Resume Waiting Executions" (version 2 on): this n8n's API, see relay.ts
				name: 'uanatacaOneShotN8nApi',
				required: true,
				displayOptions: { show: { resumeWaitingExecutions: [true] } },
			},
		],
		webhooks: webhookDescriptions,
		eventTriggerDescription: 'Waiting for a callback from the One-Shot Optimizer',
		activationMessage:
			'The Optimizer callbacks sent to the production URL will now start this workflow.',
		properties: triggerProperties,
	};

	methods = {
		credentialTest: { testCallbackCredential },
	};

	webhookMethods = {
		default: {
			/**
			 * The Optimizer has no webhook registration API (the URL travels in each Create call or
			 * is set by Uanataca Operations), so "exists" means this trigger was set up already.
			 */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				return typeof data.registrationId === 'string' && data.registrationId !== '';
			},
			/** Checks the settings (activation fails with a clear message) and records the set-up. */
			async create(this: IHookFunctions): Promise<boolean> {
				let problem: ConfigError | undefined;
				try {
					await loadConfig.call(this);
				} catch (error) {
					if (!(error instanceof ConfigError)) {
						throw new NodeOperationError(this.getNode(), error as Error);
					}
					problem = error;
				}
				if (problem) {
					throw new NodeOperationError(this.getNode(), problem.message, {
						description: problem.description,
					});
				}
				try {
					await checkRelaySettings.call(this);
				} catch (error) {
					const { message, description } = error as ConfigError;
					throw new NodeOperationError(this.getNode(), message, { description });
				}
				const data = this.getWorkflowStaticData('node');
				data.registrationId = randomBytes(16).toString('hex');
				data.registeredAt = new Date().toISOString();
				return true;
			},
			/** Forgets the set-up and the de-duplication memory. */
			async delete(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				delete data.registrationId;
				delete data.registeredAt;
				clearMemory(data);
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleCallback.call(this);
	}
}
