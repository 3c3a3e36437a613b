/**
 * The one place that talks HTTP to the One-Shot Optimizer.
 *
 * - knows both API generations (paths in ./endpoints, envelopes in ../helpers/responses);
 * - turns every failure into a NodeApiError with the Optimizer's own message, the HTTP code and
 *   a hint, with secrets removed;
 * - retries idempotent reads (GET) on 429, 5xx and network faults with capped back-off, and never
 *   retries anything that changes state (a duplicate signature request is a legal act).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { collectSecrets, redact } from '../secrets';
import { normalizeRequestPk } from '../validation';
import type { MultipartBody, NodeReadable } from './multipart';
import { buildMultipart, buildMultipartStream, isStreamed } from './multipart';
import type { ApiGeneration, EndpointKey, PathParams, ResolvedRoute } from './endpoints';
import { MissingPathParameter, resolveRoute, unavailableMessage } from './endpoints';
import { describeNetworkError, extractErrorMessage, hintFor } from './errors';

export type { ApiGeneration, EndpointKey } from './endpoints';

export const CREDENTIAL_NAME = 'uanatacaOneShotApi';

export type OneShotContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IWebhookFunctions
	| IHookFunctions;

export interface OneShotCredentials {
	baseUrl: string;
	apiGeneration: ApiGeneration;
	environment: 'sandbox' | 'prod';
	registrationAuthority: string;
	profile: string;
	token: string;
	username: string;
	password: string;
	pin: string;
	billingUsername: string;
	billingPassword: string;
	allowUnauthorizedCerts: boolean;
	/**
	 * n8n's per-credential domain allowlist ("Allowed HTTP Request Domains" set to "Specific
	 * Domains"), when the credential carries one; undefined = no restriction.
	 */
	allowedDomains?: string;
}

function hostOf(url: string): string {
	try {
		return new URL(url).hostname.toLowerCase().replace(/\.$/, '');
	} catch {
		return '';
	}
}

/** n8n's rule: "example.com" matches that host, "*.example.com" its subdomains only. */
export function isDomainAllowed(url: string, allowedDomains: string): boolean {
	const host = hostOf(url);
	if (!host) return false;
	return allowedDomains
		.split(',')
		.map((domain) => domain.trim().toLowerCase().replace(/\.$/, ''))
		.filter(Boolean)
		.some((domain) =>
			domain.startsWith('*.')
				? domain.length > 2 && host.endsWith(`.${domain.slice(2)}`)
				: host === domain,
		);
}

export async function getOneShotCredentials(this: OneShotContext): Promise<OneShotCredentials> {
	const raw = (await this.getCredentials(CREDENTIAL_NAME)) as IDataObject;
	const text = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string).trim() : '');
	const baseUrl = text('baseUrl').replace(/\/+$/, '');
	if (!/^https?:\/\//i.test(baseUrl)) {
		throw new NodeOperationError(
			this.getNode(),
			`The credential's Optimizer URL "${baseUrl}" is not a web address`,
			{
				description:
					'Set "Optimizer URL" to something like https://optimizer.example.com/oneshot/api/v1',
			},
		);
	}
	// n8n 2.41 only offers "Allowed HTTP Request Domains" on credentials with an `authenticate`
	// block (this one has none), and applies it in the HTTP Request node, not in
	// httpRequestWithAuthentication. Honoured here anyway, should a credential carry it: "Specific
	// Domains" restricts every call; "None" blocks the HTTP Request node only (this node is the
	// credential's own surface, as n8n treats it).
	// (Implemented here: n8n 1.x's n8n-workflow has no helpers for it.)
	let allowedDomains: string | undefined;
	if (raw.allowedHttpRequestDomains === 'domains') {
		allowedDomains = text('allowedDomains');
		if (!allowedDomains) {
			throw new NodeOperationError(
				this.getNode(),
				'No allowed domains specified. Configure allowed domains or change restriction setting.',
			);
		}
		if (!isDomainAllowed(baseUrl, allowedDomains)) {
			throw new NodeOperationError(
				this.getNode(),
				`Domain not allowed: This credential is restricted from accessing ${hostOf(baseUrl)}. Only the following domains are allowed: ${allowedDomains}`,
			);
		}
	}
	return {
		baseUrl,
		apiGeneration: raw.apiGeneration === 'legacy' ? 'legacy' : 'current',
		environment: raw.environment === 'prod' ? 'prod' : 'sandbox',
		registrationAuthority: text('registrationAuthority'),
		profile: text('profile'),
		token: text('token'),
		username: text('username'),
		password: typeof raw.password === 'string' ? raw.password : '',
		pin: typeof raw.pin === 'string' ? raw.pin : '',
		billingUsername: text('billingUsername'),
		billingPassword: typeof raw.billingPassword === 'string' ? raw.billingPassword : '',
		allowUnauthorizedCerts: raw.allowUnauthorizedCerts === true,
		allowedDomains,
	};
}

/** Every value that must never be shown: credential secrets plus call-specific ones. */
export function secretsOf(credentials: OneShotCredentials, extra: Array<string | undefined> = []) {
	return collectSecrets([
		credentials.password,
		credentials.pin,
		credentials.billingPassword,
		credentials.token,
		...extra,
	]);
}

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
const MAX_ATTEMPTS = 4;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
const RETRYABLE_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'EPIPE',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EAI_AGAIN',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

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

function retryDelay(attempt: number, retryAfter: string | undefined): number {
	const seconds = retryAfter !== undefined ? Number(retryAfter) : NaN;
	if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_DELAY_MS);
	return Math.min(BASE_DELAY_MS * 2 ** attempt, MAX_DELAY_MS);
}

function networkCode(error: unknown): { code?: string; message: string } {
	// n8n's helpers may wrap axios errors; dig for the original code and message
	const seen = new Set<unknown>();
	let current: unknown = error;
	let code: string | undefined;
	let message = '';
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const e = current as { code?: unknown; message?: unknown; cause?: unknown; context?: unknown };
		if (!code && typeof e.code === 'string' && /^E[A-Z_]+$/.test(e.code)) code = e.code;
		if (!message && typeof e.message === 'string') message = e.message;
		current = e.cause;
	}
	if (!code) {
		const match = /\b(E[A-Z]{4,}[A-Z_]*)\b/.exec(message);
		if (match) code = match[1];
	}
	return { code, message };
}

/** The URL a request goes to, for messages (never includes the body). */
function describeTarget(credentials: OneShotCredentials, path: string) {
	return `${credentials.baseUrl}${path}`;
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
	const secrets = secretsOf(credentials, request.secrets);
	const node = this.getNode();
	const itemIndex = request.itemIndex;

	let route: ResolvedRoute | undefined;
	try {
		route = resolveRoute(credentials.apiGeneration, request.endpoint, request.params);
	} catch (error) {
		if (error instanceof MissingPathParameter) {
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

	const options: IHttpRequestOptions = {
		method: route.method,
		url: `${credentials.baseUrl}${route.path}`,
		qs: { ...route.qs, ...(request.qs ?? {}) },
		headers: { Accept: 'application/json' },
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		skipSslCertificateValidation: credentials.allowUnauthorizedCerts,
		encoding: request.response === 'stream' ? 'stream' : 'text',
		json: false,
	};
	let streamedBody: NodeReadable | undefined;
	if (request.multipart && isStreamed(request.multipart)) {
		// files from the binary store: sent as they are read, with their exact total length
		if (route.method === 'GET') {
			throw new NodeOperationError(node, 'A file upload cannot be sent with GET', { itemIndex });
		}
		const { contentType, length, stream } = await buildMultipartStream(request.multipart);
		streamedBody = stream;
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
	} else if (request.multipart) {
		const { contentType, data } = buildMultipart(request.multipart);
		options.body = data;
		options.headers = { ...options.headers, 'Content-Type': contentType };
	} else if (request.body !== undefined) {
		options.body = JSON.stringify(request.body);
		options.headers = { ...options.headers, 'Content-Type': 'application/json' };
	}
	if (request.response === 'stream') {
		options.headers = { ...options.headers, Accept: '*/*' };
	}

	const idempotent = route.method === 'GET';
	const target = describeTarget(credentials, route.path);
	const signal =
		'getExecutionCancelSignal' in this && typeof this.getExecutionCancelSignal === 'function'
			? this.getExecutionCancelSignal()
			: undefined;
	if (signal) options.abortSignal = signal;
	// also checked on every redirect by n8n's HTTP client
	if (credentials.allowedDomains) options.allowedDomains = credentials.allowedDomains;

	try {
		return await send.call(this, {
			options,
			request,
			idempotent,
			target,
			signal,
			secrets,
		});
	} finally {
		// a body stream that was not (fully) read, e.g. the connection was refused: close its file
		streamedBody?.destroy();
	}
}

async function send(
	this: OneShotContext,
	args: {
		options: IHttpRequestOptions;
		request: OneShotRequest;
		idempotent: boolean;
		target: string;
		signal: AbortSignal | undefined;
		secrets: string[];
	},
): Promise<OneShotJsonResponse | OneShotStreamResponse> {
	const { options, request, idempotent, target, signal, secrets } = args;
	const node = this.getNode();
	const itemIndex = request.itemIndex;
	for (let attempt = 0; ; attempt++) {
		let response: FullResponse;
		try {
			// The credential is already loaded and decrypted (once per call, by
			// getOneShotCredentials) and has no `authenticate` block: every secret travels in the
			// body or the URL we build. httpRequestWithAuthentication would load and decrypt it a
			// second time for nothing.
			response = (await this.helpers.httpRequest(options)) as FullResponse;
		} catch (error) {
			if (signal?.aborted) {
				throw new NodeOperationError(node, 'The execution was cancelled', { itemIndex });
			}
			const failure = networkCode(error);
			if (
				idempotent &&
				attempt + 1 < MAX_ATTEMPTS &&
				(!failure.code || RETRYABLE_NETWORK_CODES.has(failure.code))
			) {
				await sleep(retryDelay(attempt, undefined), signal);
				continue;
			}
			const described = describeNetworkError(failure, target);
			const mayHaveHappened =
				!idempotent && failure.code !== 'ECONNREFUSED' && failure.code !== 'ENOTFOUND';
			throw new NodeApiError(node, { message: described.message } as JsonObject, {
				message: redact(described.message, secrets),
				description: redact(
					mayHaveHappened
						? `${described.hint} The connection broke before the Optimizer answered, so this call may or may not have taken effect: check before running it again (it is not retried automatically).`
						: described.hint,
					secrets,
				),
				itemIndex,
			});
		}

		const headers = headerMap(response.headers);
		const status = response.statusCode;
		if (status >= 200 && status < 300) {
			if (request.response === 'stream') {
				return { statusCode: status, body: response.body as BinaryInput, headers };
			}
			return { statusCode: status, body: parseJsonText(response.body), headers };
		}

		const retryable =
			status === 429 || status === 502 || status === 503 || status === 504 || status === 500;
		if (idempotent && retryable && attempt + 1 < MAX_ATTEMPTS) {
			discard(response.body);
			await sleep(retryDelay(attempt, headers['retry-after']), signal);
			continue;
		}

		const text =
			request.response === 'stream' ? await readStreamText(response.body) : response.body;
		const parsed = parseJsonText(text);
		throw buildApiError.call(this, { status, parsed, secrets, itemIndex, target });
	}
}

function buildApiError(
	this: OneShotContext,
	args: { status: number; parsed: unknown; secrets: string[]; itemIndex?: number; target: string },
) {
	const { status, parsed, secrets, itemIndex } = args;
	const optimizerMessage = extractErrorMessage(parsed);
	const message = redact(
		optimizerMessage ?? `The Optimizer answered with HTTP ${status} and no explanation`,
		secrets,
	);
	const hint = hintFor(message, status);
	return new NodeApiError(this.getNode(), { message, httpCode: String(status) } as JsonObject, {
		message,
		description: hint,
		httpCode: String(status),
		itemIndex,
	});
}

/** A clear error for an answer whose shape we could not understand. */
export function unexpectedAnswer(
	this: OneShotContext,
	what: string,
	body: unknown,
	secrets: string[],
	itemIndex?: number,
) {
	let shown: string;
	try {
		shown = typeof body === 'string' ? body : JSON.stringify(body);
	} catch {
		shown = String(body);
	}
	shown = redact(shown ?? 'nothing', secrets);
	if (shown.length > 300) shown = `${shown.slice(0, 300)}…`;
	return new NodeApiError(
		this.getNode(),
		{ message: `Unexpected answer from the Optimizer: ${what}` } as JsonObject,
		{
			message: `Unexpected answer from the Optimizer: ${what}`,
			description: `The Optimizer answered: ${shown}. Check that "API Generation" in the credential matches your Optimizer; if it does, please report this answer to the package maintainers.`,
			itemIndex,
		},
	);
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
	const credentials = await getOneShotCredentials.call(this);
	const response = await oneShotApiRequest.call(
		this,
		{ ...request, endpoint, params: { requestPk }, itemIndex },
		credentials,
	);
	return { requestPk, credentials, response };
}
