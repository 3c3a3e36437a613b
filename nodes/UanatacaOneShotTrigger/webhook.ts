/**
 * Handling of one callback POST. Nothing the sender sends can make this throw: every outcome is
 * an answer.
 *
 * | outcome                              | HTTP answer              | execution |
 * |--------------------------------------|--------------------------|-----------|
 * | accepted                             | 200, empty body          | one item  |
 * | filtered out, duplicate              | 200, empty body          | none      |
 * | unconfirmed and "drop" (final)       | 200, empty body          | none      |
 * | unconfirmed and "drop" (Optimizer    | 503 {message}            | none      |
 * |   unreachable: a retry may confirm)  |                          |           |
 * | token / header / basic auth wrong    | 401 {message}            | none      |
 * | not a One-Shot callback              | 400 {message}            | none      |
 * | body over 1 MB                       | 413 {message}            | none      |
 * | trigger misconfigured, internal bug  | 500 {message}            | none      |
 */
import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { answer } from '../shared/callbacks/answer';
import { collectSecrets, redact } from '../shared/secrets';
import { simplifyItem } from '../shared/simplify';
import type { OneShotCredentials } from '../shared/transport';
import { getOneShotCredentials } from '../shared/transport';
import { isAuthorized } from './auth';
import { dedupeKey, hasSeen, releaseInProcess, remember, reserveInProcess } from './dedupe';
import type { TriggerConfig } from './filters';
import { reportsIssued } from '../shared/signing/status';
import { ConfigError, passesFilters } from './filters';
import { loadConfig } from './callbackAuth';
import { relayToWaiting } from './relay';
import {
	correlationOf,
	documentUidsOf,
	readBody,
	readQuery,
	TOKEN_PARAMETER,
} from '../shared/callbacks/incoming';
import type { NormalizedCallback } from '../shared/callbacks/normalize';
import { BadCallback, normalizeCallback } from '../shared/callbacks/normalize';
import { confirmCallback, downloadSignedDocuments } from '../shared/signing/confirm';

/** Answer for callbacks that are fine but start nothing: an empty 200 (not n8n's default text). */
const EMPTY_OK: IWebhookResponseData = { webhookResponse: '' };

export const BASIC_REALM = 'Uanataca One-Shot Trigger';

function log(this: IWebhookFunctions, level: 'debug' | 'warn' | 'error', message: string) {
	try {
		const meta = { node: this.getNode().name, workflowId: this.getWorkflow().id };
		this.logger[level](`Uanataca One-Shot Trigger: ${message}`, meta);
	} catch {
		// logging must never turn an answer into a failure; there is nowhere else to report it
	}
}

function secretsOf(config: TriggerConfig): string[] {
	const values = [config.secretToken, config.headerValue, config.basicPassword];
	if (config.secretToken) values.push(encodeURIComponent(config.secretToken));
	if (config.basicUser && config.basicPassword) {
		values.push(Buffer.from(`${config.basicUser}:${config.basicPassword}`).toString('base64'));
	}
	return collectSecrets(values);
}

function outputJson(event: NormalizedCallback, correlation: IDataObject): IDataObject {
	return {
		requestPk: event.requestPk,
		status: event.status,
		previousStatus: event.previousStatus,
		eventType: event.eventType,
		occurredAt: event.occurredAt,
		occurredAtSource: event.occurredAtSource,
		registrationAuthority: event.registrationAuthority,
		certificates: event.certificates as unknown as IDataObject[],
		correlation,
	};
}

interface AcceptedCallback {
	config: TriggerConfig;
	query: ReturnType<typeof readQuery>;
	event: NormalizedCallback;
	bodyText: string;
}

const refuse = (response: IWebhookResponseData) => ({ refused: response });

/**
 * The trigger's settings, the caller's authentication and the body: the callback, or the answer
 * refusing it.
 */
async function acceptCallback(
	this: IWebhookFunctions,
): Promise<{ refused: IWebhookResponseData } | { accepted: AcceptedCallback }> {
	let config: TriggerConfig;
	try {
		config = await loadConfig.call(this);
	} catch (error) {
		const message = error instanceof ConfigError ? error.message : 'settings could not be read';
		log.call(this, 'error', `callback refused because the trigger is misconfigured: ${message}`);
		return refuse(answer.call(this, 500, 'The trigger is not configured correctly'));
	}

	const query = readQuery.call(this);
	const authorized = isAuthorized(config, {
		tokens: query.get(TOKEN_PARAMETER) ?? [],
		headers: this.getHeaderData() as Record<string, string | string[] | undefined>,
	});
	if (!authorized) {
		log.call(this, 'warn', 'callback refused: wrong or missing token or credentials');
		const headers: Record<string, string> =
			config.authentication === 'basic'
				? { 'WWW-Authenticate': `Basic realm="${BASIC_REALM}"` }
				: {};
		return refuse(answer.call(this, 401, 'Unauthorized', headers));
	}

	let event: NormalizedCallback;
	let bodyText: string;
	try {
		const body = await readBody.call(this);
		bodyText = body.text;
		event = normalizeCallback(body.value);
	} catch (error) {
		if (error instanceof BadCallback) {
			log.call(this, 'warn', `callback refused: ${error.message}`);
			return refuse(answer.call(this, error.httpStatus, error.message));
		}
		log.call(this, 'warn', 'callback refused: the body could not be read');
		return refuse(answer.call(this, 400, 'The body could not be read'));
	}

	return { accepted: { config, query, event, bodyText } };
}

/**
 * Confirmation with the Optimizer and the signed documents' download, as configured: adds their
 * results to the item, or returns the answer when the callback is not taken (then not remembered).
 */
async function checkWithOptimizer(
	this: IWebhookFunctions,
	callback: AcceptedCallback,
	item: INodeExecutionData,
): Promise<IWebhookResponseData | undefined> {
	const { config, event, query } = callback;
	const json = item.json;
	const wantsDownload = config.downloadSignedDocuments && reportsIssued(event);
	if (config.confirmWithOptimizer || wantsDownload) {
		let credentials: OneShotCredentials;
		try {
			credentials = await getOneShotCredentials.call(this);
		} catch (error) {
			log.call(
				this,
				'error',
				`the Optimizer credential could not be used: ${(error as Error).message}`,
			);
			return answer.call(this, 500, 'The trigger is not configured correctly');
		}
		const documentUids = documentUidsOf(query);
		if (config.confirmWithOptimizer) {
			const confirmation = await confirmCallback.call(this, credentials, event, documentUids);
			if (!confirmation.confirmed && config.unconfirmedEvents === 'drop') {
				log.call(
					this,
					'warn',
					`unconfirmed callback for request ${event.requestPk} (${event.status}) dropped: ${confirmation.reason}`,
				);
				return confirmation.retryable
					? answer.call(this, 503, 'The callback could not be confirmed yet; please retry later')
					: EMPTY_OK;
			}
			json.confirmed = confirmation.confirmed;
			json.confirmation = {
				method: confirmation.method,
				currentStatus: confirmation.currentStatus,
				reason: confirmation.reason,
			};
		}
		if (wantsDownload) {
			const signed = await downloadSignedDocuments.call(this, credentials, event, documentUids);
			json.signedDocuments = signed.documents as unknown as IDataObject[];
			if (signed.error) json.signedDocumentsError = signed.error;
			if (signed.documents.length) item.binary = signed.binary;
		}
	}
	return undefined;
}

async function processCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const reading = await acceptCallback.call(this);
	if ('refused' in reading) return reading.refused;
	const callback = reading.accepted;
	const { config, query, event, bodyText } = callback;

	// "Resume Waiting Executions": a notice an execution waits for goes there (./relay)
	const relayed = await relayToWaiting.call(this, event, bodyText, config);
	if (relayed) return relayed;

	if (!passesFilters(config, event)) {
		log.call(
			this,
			'debug',
			`callback for request ${event.requestPk} (${event.status}) filtered out`,
		);
		return EMPTY_OK;
	}

	// two memories: this process's (exact, also for simultaneous duplicates) and the workflow's
	// static data (shared between processes when n8n persists it; last writer wins), see README
	const staticData = this.getWorkflowStaticData('node');
	const key = dedupeKey(event);
	const scope = `${this.getWorkflow().id ?? ''}:${this.getNode().id}:${this.getMode()}`;
	if (config.deduplicate && (hasSeen(staticData, key) || !reserveInProcess(scope, key))) {
		log.call(
			this,
			'debug',
			`duplicate callback for request ${event.requestPk} (${event.status}) ignored`,
		);
		return EMPTY_OK;
	}
	const release = () => {
		if (config.deduplicate) releaseInProcess(scope, key);
	};

	try {
		const secrets = secretsOf(config);
		const json = outputJson(
			event,
			correlationOf(query, (value) => redact(value, secrets)),
		);
		const item: INodeExecutionData = { json };
		const refusal = await checkWithOptimizer.call(this, callback, item);
		if (refusal) {
			release();
			return refusal;
		}
		if (config.includeRawBody) json.rawBody = redact(bodyText, secrets);
		if (config.deduplicate) remember(staticData, key);
		return { workflowData: [[simplifyItem(item, 'callback', config.simplify === true)]] };
	} catch (error) {
		// not emitted: a retry of this callback must not be taken for a duplicate
		release();
		throw new NodeOperationError(this.getNode(), error as Error);
	}
}

/** The trigger's `webhook()`: processes one callback and never throws. */
export async function handleCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	try {
		const response = await processCallback.call(this);
		// answered already (e.g. at once by the relay, ./relay): n8n must not answer again
		if (!this.getResponseObject().headersSent) return response;
		return { workflowData: response.workflowData, noWebhookResponse: true };
	} catch (error) {
		log.call(
			this,
			'error',
			`callback could not be processed: ${(error as Error)?.message ?? 'unknown error'}`,
		);
		try {
			return answer.call(this, 500, 'The callback could not be processed');
		} catch {
			// no response object to write to: let n8n answer with this message instead
			return { webhookResponse: { message: 'The callback could not be processed' } };
		}
	}
}
