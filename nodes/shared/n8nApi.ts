/**
 * This n8n's own public API (`/api/v1`, header X-N8N-API-KEY), reached with the "Uanataca One-Shot
 * N8n API" credential: the trigger's relay reads waiting executions with it (./relay), the signing
 * page keeps each signer's progress in a data table with it (docs/safety.md). One request
 * function; the API key travels only in its header and never appears in an error.
 */
import type { IDataObject, IHttpRequestOptions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export const N8N_API_CREDENTIAL = 'uanatacaOneShotN8nApi';

export interface N8nApi {
	/** n8n's URL without /api/v1 */
	baseUrl: string;
	apiKey: string;
}

/** What a node context must offer to call the API (execute, webhook and hook contexts do). */
export interface ApiCaller {
	helpers: { httpRequest(options: IHttpRequestOptions): Promise<unknown> };
	getNode(): INode;
}

const API_TIMEOUT_MS = 10_000;

/** The credential's fields as the API needs them, or undefined when they cannot work. */
export function n8nApiOf(data: IDataObject | undefined): N8nApi | undefined {
	const baseUrl = String(data?.baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '')
		.replace(/\/api\/v1$/, '');
	const apiKey = String(data?.apiKey ?? '').trim();
	if (!/^https?:\/\/[^\s/]+/i.test(baseUrl) || !apiKey) return undefined;
	return { baseUrl, apiKey };
}

export interface ApiCall {
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
}

/**
 * One call of the public API: its JSON answer, or undefined for 404. A refused key, an
 * unreachable n8n or another error status is a NodeOperationError saying so (without the key).
 */
export async function n8nApiRequest(this: ApiCaller, api: N8nApi, call: ApiCall): Promise<unknown> {
	const options: IHttpRequestOptions = {
		method: call.method,
		url: `${api.baseUrl}/api/v1${call.path}`,
		qs: call.qs,
		headers: { 'X-N8N-API-KEY': api.apiKey, accept: 'application/json' },
		json: true,
		timeout: API_TIMEOUT_MS,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	if (call.body !== undefined) options.body = call.body;
	let response: { statusCode: number; body: unknown };
	try {
		response = (await this.helpers.httpRequest(options)) as typeof response;
	} catch {
		throw new NodeOperationError(
			this.getNode(),
			`n8n's API at ${api.baseUrl} could not be reached`,
		);
	}
	const { statusCode } = response;
	if (statusCode === 404) return undefined;
	if (statusCode === 401 || statusCode === 403) {
		throw new NodeOperationError(this.getNode(), "n8n's API refused the n8n API credential's key", {
			description:
				'Check the API key of the "Uanataca One-Shot N8n API" credential (Settings → n8n API): it must exist, not be expired, and have the scopes this node needs (see the credential\'s documentation).',
		});
	}
	if (statusCode < 200 || statusCode >= 300) {
		throw new NodeOperationError(this.getNode(), `n8n's API answered ${statusCode}`, {
			description: `${call.method} /api/v1${call.path.split('?')[0]}: ${apiMessage(response.body)}`,
		});
	}
	return typeof response.body === 'string' && response.body
		? JSON.parse(response.body)
		: response.body;
}

function apiMessage(body: unknown): string {
	let parsed = body;
	if (typeof body === 'string') {
		try {
			parsed = JSON.parse(body);
		} catch {
			return body.slice(0, 200);
		}
	}
	const message = (parsed as IDataObject | undefined)?.message;
	return typeof message === 'string' ? message.slice(0, 200) : 'no message';
}
