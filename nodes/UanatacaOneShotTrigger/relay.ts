/**
 * "Resume Waiting Executions" (version 2 on, docs/relay.md): before a callback can start this
 * workflow, it is handed to the parked execution registered for its request, if any
 * (../shared/relay). Delivered notices start nothing here; the others go on as usual.
 */
import type { IHookFunctions, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { answer } from '../shared/callbacks/answer';
import type { NormalizedCallback } from '../shared/callbacks/normalize';
import { relayNotice } from '../shared/relay/deliver';
import type { N8nApi } from '../shared/n8nApi';
import { N8N_API_CREDENTIAL, n8nApiOf } from '../shared/n8nApi';
import { classifyNotice } from '../shared/signing/status';
import type { TriggerConfig } from './filters';
import { ConfigError } from './filters';

function wantsRelay(this: IHookFunctions | IWebhookFunctions): boolean {
	try {
		return this.getNodeParameter('resumeWaitingExecutions', false) === true;
	} catch {
		return false;
	}
}

/** The n8n API credential, or a ConfigError saying what to fix. */
export async function relayApi(this: IHookFunctions | IWebhookFunctions): Promise<N8nApi> {
	const data = await this.getCredentials(N8N_API_CREDENTIAL).catch(() => undefined);
	const api = n8nApiOf(data);
	if (!api) {
		throw new ConfigError(
			'"Resume Waiting Executions" needs an n8n API credential',
			'Choose or create a "Uanataca One-Shot N8n API" credential with the URL of this n8n (e.g. http://localhost:5678) and an API key (Settings → n8n API), or turn "Resume Waiting Executions" off.',
		);
	}
	return api;
}

/** At activation: the relay's settings can work. */
export async function checkRelaySettings(this: IHookFunctions): Promise<void> {
	if (wantsRelay.call(this)) await relayApi.call(this);
}

function contentTypeOf(this: IWebhookFunctions, bodyText: string): string {
	try {
		JSON.parse(bodyText);
		return 'application/json';
	} catch {
		const header = this.getHeaderData()['content-type'];
		return typeof header === 'string' && header ? header : 'application/json';
	}
}

/**
 * The sender gets its empty 200 before the relay looks for the execution (which may take up to
 * RELAY_LIMIT_MS): its timeout never runs out, and it has no reason to send the notice again. What
 * follows (the relay, or this workflow) no longer answers it.
 */
function answerAtOnce(this: IWebhookFunctions) {
	const res = this.getResponseObject();
	if (!res.headersSent) res.status(200).end();
}

/**
 * Hands the callback to the execution waiting for its request: the answer to give (an empty 200)
 * when an execution took it, undefined when this workflow should handle it as usual.
 */
export async function relayToWaiting(
	this: IWebhookFunctions,
	event: NormalizedCallback,
	bodyText: string,
	config: TriggerConfig,
): Promise<IWebhookResponseData | undefined> {
	const kind = classifyNotice(event);
	// only a signature or a cancellation ends a wait: other notices start this workflow as usual
	if (!wantsRelay.call(this) || (kind !== 'signed' && kind !== 'cancelled')) return undefined;
	let api: N8nApi;
	try {
		api = await relayApi.call(this);
	} catch (error) {
		this.logger.error(`Uanataca One-Shot Trigger: ${(error as Error).message}`);
		return answer.call(this, 500, 'The trigger is not configured correctly');
	}
	answerAtOnce.call(this);
	const outcome = await relayNotice.call(this, api, {
		requestPk: event.requestPk,
		final: true,
		body: bodyText,
		contentType: contentTypeOf.call(this, bodyText),
		authenticated: config.secretToken !== '' || config.authentication !== 'none',
	});
	const meta = { node: this.getNode().name, workflowId: this.getWorkflow().id };
	if (outcome.delivered) {
		this.logger.debug(
			`Uanataca One-Shot Trigger: notice for request ${event.requestPk} (${event.status}) handed to waiting execution ${outcome.executionId} (answered ${outcome.status})`,
			meta,
		);
		return { noWebhookResponse: true };
	}
	if (outcome.reason === 'unreachable') {
		this.logger.warn(
			`Uanataca One-Shot Trigger: n8n's API could not be asked which execution waits for request ${event.requestPk}; the notice starts this workflow instead`,
			meta,
		);
	} else if (outcome.reason === 'timeLimit') {
		this.logger.warn(
			`Uanataca One-Shot Trigger: no execution took the notice for request ${event.requestPk} (${event.status}) within a minute; it starts this workflow instead`,
			meta,
		);
	}
	return undefined;
}
