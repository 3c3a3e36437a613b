/**
 * The one place that talks HTTP to the One-Shot Optimizer: resolves the route of either API
 * generation (./endpoints), sends JSON, multipart or streamed multipart, retries idempotent reads
 * (./retry) and turns every failure into a clear error with secrets removed (./errors).
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { normalizeRequestPk } from '../validation';
import type { OneShotContext, OneShotCredentials } from './credentials';
import { getOneShotCredentials, secretsOf } from './credentials';
import type { EndpointKey, PathParams, ResolvedRoute } from './endpoints';
import {
	InvalidPathParameter,
	MissingPathParameter,
	resolveRoute,
	unavailableMessage,
} from './endpoints';
import { apiAnswerError, networkError } from './errors';
import type { MultipartBody, NodeReadable } from './multipart';
import { buildMultipart, buildMultipartStream, isStreamed } from './multipart';
import {
	MAX_ATTEMPTS,
	isRetryableNetworkFailure,
	isRetryableStatus,
	networkFailureOf,
	retryDelay,
} from './retry';

const CARRIES_SECRETS = new Set<EndpointKey>([
	'request.create',
	'request.sign',
	'token.create',
	'token.get',
	'token.delete',
	'videoId.create',
	'videoId.approve',
	'videoId.refuse',
]);

export interface OneShotRequest {
	endpoint: EndpointKey;
	params?: PathParams;
	qs?: IDataObject;
	/** JSON body */
	body?: IDataObject;
	multipart?: MultipartBody;
	/** 'json' (default): parsed answer; 'stream': binary download (see OneShotStreamResponse) */
	response?: 'json' | 'stream';
	timeoutMs?: number;
	/** Secrets used in this call beyond the credential's (e.g. an OTP, an overriding password) */
	secrets?: Array<string | undefined>;
	itemIndex?: number;
}

export interface OneShotJsonResponse {
	statusCode: number;
	body: unknown;
	headers: Record<string, string | undefined>;
}

type BinaryInput = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];

export interface OneShotStreamResponse {
	statusCode: number;
	body: BinaryInput;
	headers: Record<string, string | undefined>;
}

interface FullResponse {
	statusCode: number;
	body: unknown;
	headers: Record<string, string | string[] | undefined>;
}

const DEFAULT_TIMEOUT_MS = 60_000;

function headerMap(
	headers: FullResponse['headers'] | undefined,
): Record<string, string | undefined> {
	const out: Record<string, string | undefined> = {};
	for (const [key, value] of Object.entries(headers ?? {})) {
		out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
	}
	return out;
}

function parseJsonText(text: unknown): unknown {
	if (typeof text !== 'string') {
		if (Buffer.isBuffer(text)) return parseJsonText(text.toString('utf8'));
		return text;
	}
	const trimmed = text.trim();
	if (!trimmed) return undefined;
	try {
		return JSON.parse(trimmed);
	} catch {
		return trimmed;
	}
}

async function readStreamText(body: unknown, limit = 64 * 1024): Promise<string> {
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	const stream = body as AsyncIterable<Buffer> & { destroy?: () => void };
	if (!stream || typeof stream[Symbol.asyncIterator] !== 'function') return '';
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
		chunks.push(buf);
		size += buf.length;
		if (size >= limit) {
			stream.destroy?.();
			break;
		}
	}
	return Buffer.concat(chunks).toString('utf8');
}

function discard(body: unknown) {
	const stream = body as { destroy?: () => void; resume?: () => void } | undefined;
	if (stream && typeof stream.destroy === 'function') stream.destroy();
}

/** The route of this endpoint in the credential's API generation, or a clear error. */
function routeOf(
	this: OneShotContext,
	credentials: OneShotCredentials,
	request: OneShotRequest,
): ResolvedRoute {
	const node = this.getNode();
	const itemIndex = request.itemIndex;
	let route: ResolvedRoute | undefined;
	try {
		route = resolveRoute(credentials.apiGeneration, request.endpoint, request.params);
	} catch (error) {
		if (error instanceof MissingPathParameter || error instanceof InvalidPathParameter) {
			throw new NodeOperationError(node, error.label, { itemIndex, description: error.hint });
		}
		throw new NodeOperationError(node, error as Error, { itemIndex });
	}
	if (!route) {
		const { message, description } = unavailableMessage(
			credentials.apiGeneration,
			request.endpoint,
		);
		throw new NodeOperationError(node, message, { itemIndex, description });
	}
	return route;
}

/** Puts the body on the options; returns the file stream of a streamed upload, if any. */
async function attachBody(
	this: OneShotContext,
	options: IHttpRequestOptions,
	request: OneShotRequest,
): Promise<NodeReadable | undefined> {
	if (request.multipart && isStreamed(request.multipart)) {
		// files from the binary store: sent as they are read, with their exact total length
		if (options.method === 'GET') {
			throw new NodeOperationError(
				this.getNode(),
				'This operation cannot send files to the Optimizer',
				{
					itemIndex: request.itemIndex,
					description:
						'Please report this to the package maintainers, with the operation you used.',
				},
			);
		}
		const { contentType, length, stream } = await buildMultipartStream(request.multipart);
		options.body = stream as unknown as IHttpRequestOptions['body'];
		options.headers = {
			...options.headers,
			'Content-Type': contentType,
			'Content-Length': String(length),
		};
		// With redirects on, n8n's HTTP client (axios + follow-redirects, maxBodyLength Infinity)
		// keeps every chunk written to be able to replay the body on a 307: the whole file would
		// end up in memory. An upload is never redirected by the Optimizer; a 3xx is reported.
		options.disableFollowRedirect = true;
		return stream;
	}
	if (request.multipart) {
		const { contentType, data } = buildMultipart(request.multipart);
		options.body = data;
		options.headers = { ...options.headers, 'Content-Type': contentType };
	} else if (request.body !== undefined) {
		options.body = JSON.stringify(request.body);
		options.headers = { ...options.headers, 'Content-Type': 'application/json' };
	}
	return undefined;
}

function baseOptions(
	credentials: OneShotCredentials,
	route: ResolvedRoute,
	request: OneShotRequest,
): IHttpRequestOptions {
	const options: IHttpRequestOptions = {
		method: route.method,
		url: `${credentials.baseUrl}${route.path}`,
		qs: { ...route.qs, ...(request.qs ?? {}) },
		headers: { Accept: request.response === 'stream' ? '*/*' : 'application/json' },
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		skipSslCertificateValidation: credentials.allowUnauthorizedCerts,
		encoding: request.response === 'stream' ? 'stream' : 'text',
		json: false,
	};
	// also checked on every redirect by n8n's HTTP client
	if (credentials.allowedDomains) options.allowedDomains = credentials.allowedDomains;
	return options;
}

export async function oneShotApiRequest(
	this: OneShotContext,
	request: OneShotRequest & { response: 'stream' },
	credentials?: OneShotCredentials,
): Promise<OneShotStreamResponse>;
export async function oneShotApiRequest(
	this: OneShotContext,
	request: OneShotRequest,
	credentials?: OneShotCredentials,
): Promise<OneShotJsonResponse>;
export async function oneShotApiRequest(
	this: OneShotContext,
	request: OneShotRequest,
	givenCredentials?: OneShotCredentials,
): Promise<OneShotJsonResponse | OneShotStreamResponse> {
	const credentials = givenCredentials ?? (await getOneShotCredentials.call(this));
	const route = routeOf.call(this, credentials, request);
	const options = baseOptions(credentials, route, request);
	const streamedBody = await attachBody.call(this, options, request);
	// Calls that carry secrets (RAO password and PIN, billing password, token, OTP) never follow a
	// redirect: the body would go wherever the answer points. The 3xx is reported instead.
	if (CARRIES_SECRETS.has(request.endpoint)) options.disableFollowRedirect = true;
	const signal =
		'getExecutionCancelSignal' in this && typeof this.getExecutionCancelSignal === 'function'
			? this.getExecutionCancelSignal()
			: undefined;
	if (signal) options.abortSignal = signal;
	try {
		return await send.call(this, {
			options,
			request,
			idempotent: route.method === 'GET',
			target: `${credentials.baseUrl}${route.path}`,
			signal,
			secrets: secretsOf(credentials, request.secrets),
		});
	} finally {
		// a body stream that was not (fully) read, e.g. the connection was refused: close its file
		streamedBody?.destroy();
	}
}

interface Sending {
	options: IHttpRequestOptions;
	request: OneShotRequest;
	idempotent: boolean;
	/** The URL a request goes to, for messages (never includes the body). */
	target: string;
	signal: AbortSignal | undefined;
	secrets: string[];
}

async function send(
	this: OneShotContext,
	sending: Sending,
): Promise<OneShotJsonResponse | OneShotStreamResponse> {
	const { options, request, idempotent, target, signal, secrets } = sending;
	const itemIndex = request.itemIndex;
	for (let attempt = 0; ; attempt++) {
		const mayRetry = idempotent && attempt + 1 < MAX_ATTEMPTS;
		let response: FullResponse;
		try {
			// The credential is already loaded and decrypted (once per call, by
			// getOneShotCredentials) and has no `authenticate` block: every secret travels in the
			// body or the URL we build. httpRequestWithAuthentication would load and decrypt it a
			// second time for nothing.
			response = (await this.helpers.httpRequest(options)) as FullResponse;
		} catch (error) {
			if (signal?.aborted) {
				throw new NodeOperationError(this.getNode(), 'The execution was cancelled', { itemIndex });
			}
			const failure = networkFailureOf(error);
			if (mayRetry && isRetryableNetworkFailure(failure)) {
				await sleep(retryDelay(attempt, undefined), signal);
				continue;
			}
			throw networkError(this.getNode(), { failure, target, idempotent, secrets, itemIndex });
		}

		const headers = headerMap(response.headers);
		const status = response.statusCode;
		if (status >= 200 && status < 300) {
			const body = request.response === 'stream' ? response.body : parseJsonText(response.body);
			return { statusCode: status, body: body as BinaryInput, headers };
		}
		if (mayRetry && isRetryableStatus(status)) {
			discard(response.body);
			await sleep(retryDelay(attempt, headers['retry-after']), signal);
			continue;
		}
		const text =
			request.response === 'stream' ? await readStreamText(response.body) : response.body;
		const parsed = parseJsonText(text);
		throw apiAnswerError(this.getNode(), { status, parsed, secrets, itemIndex });
	}
}

/** The common shape of an operation: load the credential, make one call for this item. */
export async function callOptimizer(
	this: IExecuteFunctions,
	itemIndex: number,
	request: Omit<OneShotRequest, 'itemIndex' | 'response'>,
) {
	const credentials = await getOneShotCredentials.call(this);
	const response = await oneShotApiRequest.call(this, { ...request, itemIndex }, credentials);
	return { credentials, response };
}

/**
 * The common shape of operations on one signature request: read "Request ID", call the endpoint
 * with it, hand back the request number, the credentials and the answer.
 */
export async function callForRequest(
	this: IExecuteFunctions,
	itemIndex: number,
	endpoint: EndpointKey,
	request: Omit<OneShotRequest, 'endpoint' | 'params' | 'itemIndex' | 'response'> = {},
) {
	const requestPk = normalizeRequestPk(this.getNodeParameter('requestPk', itemIndex));
	const call = await callOptimizer.call(this, itemIndex, {
		...request,
		endpoint,
		params: { requestPk },
	});
	return { requestPk, ...call };
}
