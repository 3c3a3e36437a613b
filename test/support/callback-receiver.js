// @ts-check
/**
 * Hosts the Uanataca One-Shot Trigger in this process the way a production n8n does
 * (cli `LiveWebhooks` → `WebhookHelpers.executeWebhook`, n8n 2.41), without a database:
 *
 * - the request body is prepared like n8n's `parseRequestBody` for a typeVersion 1 node: the raw
 *   bytes are read into `req.rawBody` (limit 16 MB → 413), then `application/json` is parsed (invalid
 *   JSON → 422 before the node runs), `application/x-www-form-urlencoded` becomes fields, and
 *   `text/plain` a string; other types keep only the raw bytes (XML and multipart are not emulated);
 * - the node's `webhook()` is called through n8n-core's real `WebhookContext`, with the workflow's
 *   static data kept between calls (as the database would);
 * - its result is turned into the HTTP answer as `executeWebhook` does: `noWebhookResponse` → the
 *   node answered itself; no `workflowData` → `webhookResponse` (or n8n's default
 *   `{"message":"Webhook call received"}`); `workflowData` with responseMode `onReceived` and
 *   responseData `noData` → empty 200, and the items are recorded as an execution; a `webhook()`
 *   that throws → 500 `Workflow Webhook Error: Workflow could not be started!`.
 *
 * JavaScript on purpose: it needs node:http, timers and process, which n8n's lint forbids in TS.
 */
const http = require('node:http');
const querystring = require('node:querystring');
const { randomUUID } = require('node:crypto');
const { HookContext } = require('n8n-core');
const { Workflow } = require('n8n-workflow');

const {
	UanatacaOneShotTrigger,
} = require('../../nodes/UanatacaOneShotTrigger/UanatacaOneShotTrigger.node');
const {
	UanatacaOneShotCallbackAuthApi,
} = require('../../credentials/UanatacaOneShotCallbackAuthApi.credentials');
const { UanatacaOneShotN8nApi } = require('../../credentials/UanatacaOneShotN8nApi.credentials');
const { TestNodeTypes, WebhookContext, initN8nCore } = require('./harness');
const { PACKAGE, credentialsHelper } = require('./nodes');

const TRIGGER_TYPE = `${PACKAGE}.uanatacaOneShotTrigger`;
/** n8n's default N8N_PAYLOAD_SIZE_MAX (MB). */
const PAYLOAD_SIZE_MAX = 16 * 1024 * 1024;

/** The parts of an express Response that nodes use, optionally writing to a real response. */
class ExpressLikeResponse {
	/** @param {import('node:http').ServerResponse} [raw] */
	constructor(raw) {
		this.raw = raw;
		this.statusCode = 200;
		/** @type {Record<string, string>} */
		this.headers = {};
		/** @type {string | undefined} */
		this.body = undefined;
		this.headersSent = false;
		this.writableEnded = false;
	}
	/** @param {number} code */
	status(code) {
		this.statusCode = code;
		return this;
	}
	/** @param {string} name @param {string} value */
	setHeader(name, value) {
		this.headers[name.toLowerCase()] = String(value);
		return this;
	}
	/** @param {string} name @param {string} value */
	header(name, value) {
		return this.setHeader(name, value);
	}
	/** @param {string} name @param {string} value */
	set(name, value) {
		return this.setHeader(name, value);
	}
	/** @param {string} name */
	getHeader(name) {
		return this.headers[name.toLowerCase()];
	}
	/** @param {unknown} value */
	json(value) {
		if (!this.headers['content-type'])
			this.setHeader('content-type', 'application/json; charset=utf-8');
		const text = JSON.stringify(value);
		return this.end(text === undefined ? '' : text);
	}
	/** @param {unknown} value */
	send(value) {
		if (value === undefined || value === null) return this.end('');
		if (typeof value === 'string') {
			if (!this.headers['content-type']) this.setHeader('content-type', 'text/html; charset=utf-8');
			return this.end(value);
		}
		if (Buffer.isBuffer(value)) return this.end(value.toString('utf8'));
		return this.json(value);
	}
	/** @param {string} [chunk] */
	end(chunk) {
		if (this.writableEnded) return this;
		this.headersSent = true;
		this.writableEnded = true;
		this.body = chunk ?? '';
		if (this.raw && !this.raw.headersSent) {
			this.raw.writeHead(this.statusCode, {
				...this.headers,
				'content-length': Buffer.byteLength(this.body),
			});
			this.raw.end(this.body);
		}
		return this;
	}
}

/**
 * A request as n8n hands it to a typeVersion 1 webhook node.
 * @param {{ method?: string, url: string, headers?: Record<string, string | string[]>, bytes?: Buffer,
 *   parse?: boolean, rawBody?: boolean, body?: unknown }} spec
 *   parse: false skips n8n's body parsing (body stays as given, rawBody only via readRawBody);
 *   rawBody: false makes readRawBody unavailable (a context that never had the bytes)
 */
function buildRequest(spec) {
	/** @type {Record<string, string | string[]>} */
	const headers = {};
	for (const [key, value] of Object.entries(spec.headers ?? {})) headers[key.toLowerCase()] = value;
	const rawType = String(headers['content-type'] ?? '');
	const contentType = rawType.split(';')[0].trim().toLowerCase() || undefined;
	const charset = /charset=([^;]+)/i.exec(rawType)?.[1]?.trim().toLowerCase();
	const encoding = charset === 'latin1' || charset === 'iso-8859-1' ? 'latin1' : 'utf8';
	const at = spec.url.indexOf('?');
	const bytes = spec.bytes;
	/** @type {any} */
	const req = {
		method: spec.method ?? 'POST',
		url: spec.url,
		originalUrl: spec.url,
		path: at < 0 ? spec.url : spec.url.slice(0, at),
		headers,
		query: at < 0 ? {} : { ...querystring.parse(spec.url.slice(at + 1)) },
		params: {},
		body: spec.body,
		rawBody: undefined,
		contentType,
		encoding,
		/** @param {string} name */
		header(name) {
			return headers[name.toLowerCase()];
		},
		/** @param {string} name */
		get(name) {
			return headers[name.toLowerCase()];
		},
	};
	if (spec.rawBody !== false) {
		req.readRawBody = async () => {
			if (req.rawBody) return;
			const data = bytes ?? Buffer.alloc(0);
			if (data.length > PAYLOAD_SIZE_MAX) {
				throw Object.assign(new Error('request entity too large'), {
					type: 'entity.too.large',
					status: 413,
				});
			}
			req.rawBody = data;
		};
	}
	return req;
}

/**
 * n8n's parseRequestBody for a typeVersion 1 node. Returns an HTTP answer when n8n itself would
 * answer before calling the node (body too large, invalid JSON), else undefined.
 * @param {any} req
 * @returns {Promise<{ status: number, body: unknown } | undefined>}
 */
async function parseLikeN8n(req) {
	if (req.contentType?.startsWith('multipart/')) return undefined;
	try {
		await req.readRawBody?.();
	} catch {
		return { status: 413, body: { code: 413, message: 'request entity too large' } };
	}
	/** @type {Buffer | undefined} */
	const raw = req.rawBody;
	if (!raw?.length) return undefined;
	const text = raw.toString(req.encoding);
	if (req.contentType === 'application/json') {
		try {
			req.body = JSON.parse(text);
		} catch (error) {
			return {
				status: 422,
				body: { code: 422, message: 'Failed to parse request body', hint: String(error) },
			};
		}
	} else if (req.contentType === 'application/x-www-form-urlencoded') {
		req.body = querystring.parse(text, undefined, undefined, { maxKeys: 1000 });
	} else if (req.contentType === 'text/plain') {
		req.body = text;
	}
	return undefined;
}

/**
 * One trigger node in one workflow, with its static data, as n8n keeps it between calls.
 * @param {{ parameters?: Record<string, unknown>, credentials?: Record<string, unknown>, mode?: string,
 *   nodeName?: string, typeVersion?: number, callbackAuth?: Record<string, unknown>,
 *   n8nApi?: { baseUrl: string, apiKey: string } }} [options]
 *   credentials: the uanatacaOneShotApi fields, or none; callbackAuth: the
 *   uanatacaOneShotCallbackAuthApi fields (trigger version 2), or none; typeVersion: default 1
 */
function createTriggerHost(options = {}) {
	const nodeType = new UanatacaOneShotTrigger();
	const nodeTypes = new TestNodeTypes({ [TRIGGER_TYPE]: nodeType });
	const webhookId = randomUUID();
	const nodeName = options.nodeName ?? 'One-Shot Trigger';
	/** @type {any} */
	const node = {
		id: randomUUID(),
		name: nodeName,
		type: TRIGGER_TYPE,
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		webhookId,
		parameters: { ...(options.parameters ?? {}) },
	};
	if (options.credentials)
		node.credentials = { uanatacaOneShotApi: { id: '1', name: 'One-Shot account' } };
	if (options.callbackAuth) {
		node.credentials = {
			...node.credentials,
			uanatacaOneShotCallbackAuthApi: { id: '2', name: 'Callback authentication' },
		};
	}
	if (options.n8nApi) {
		// "Resume Waiting Executions": the n8n API credential (e.g. waiting-webhooks.js's apiBaseUrl)
		node.credentials = { ...node.credentials, uanatacaOneShotN8nApi: { id: '3', name: 'n8n API' } };
	}
	/** @type {import('n8n-workflow').IDataObject} */
	const staticData = {};
	/** @type {any} */
	let workflow;
	const build = () => {
		workflow = new Workflow({
			id: 'wf-trigger',
			name: 'trigger test',
			nodes: [node],
			connections: {},
			nodeTypes,
			active: true,
			staticData,
			settings: {},
		});
	};
	build();
	const helper = credentialsHelper(options.credentials ?? {});
	if (options.callbackAuth) {
		helper.types.uanatacaOneShotCallbackAuthApi = new UanatacaOneShotCallbackAuthApi();
		helper.data.uanatacaOneShotCallbackAuthApi = options.callbackAuth;
	}
	if (options.n8nApi) {
		helper.types.uanatacaOneShotN8nApi = new UanatacaOneShotN8nApi();
		helper.data.uanatacaOneShotN8nApi = options.n8nApi;
	}
	/** @type {import('n8n-workflow').WorkflowExecuteMode} */
	const mode = /** @type {any} */ (options.mode ?? 'webhook');
	const path = `${webhookId}/oneshot`;

	/**
	 * Only the fields the webhook and hook contexts read (as in harness.js runWorkflow).
	 * @param {any} [httpRequest] @param {any} [httpResponse] @returns {any}
	 */
	const additionalData = (httpRequest, httpResponse) => ({
		credentialsHelper: helper,
		executionId: randomUUID(),
		currentNodeExecutionIndex: 0,
		variables: {},
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		httpRequest,
		httpResponse,
	});

	/** @returns {any} the IWebhookData fields the contexts read */
	const webhookData = () => ({
		httpMethod: 'POST',
		node: nodeName,
		path,
		webhookDescription: (nodeType.description.webhooks ?? [])[0],
		workflowId: workflow.id,
		webhookId,
		isTest: mode === 'manual',
	});

	const host = {
		node,
		workflow: () => workflow,
		nodeType,
		webhookPath: path,
		/** The node's static data as n8n would save it. */
		staticData: () => workflow.getStaticData('node', node),
		/** @param {Record<string, unknown>} parameters */
		setParameters(parameters) {
			node.parameters = { ...parameters };
			build();
		},
		/**
		 * Calls `webhook()` with a prepared request and decides the answer like executeWebhook.
		 * @param {any} req @param {ExpressLikeResponse} res
		 */
		async handle(req, res) {
			await initN8nCore();
			const context = new WebhookContext(
				workflow,
				node,
				additionalData(req, res),
				mode,
				webhookData(),
				[],
				null,
			);
			/** @type {any} */
			let result;
			/** @type {unknown} */
			let threw;
			try {
				result = await nodeType.webhook.call(context);
			} catch (error) {
				threw = error;
			}
			if (threw) {
				if (!res.headersSent) {
					res
						.status(500)
						.json({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
				}
				return { threw, workflowData: undefined, hung: false };
			}
			if (result?.noWebhookResponse === true) {
				// the node must have answered; in n8n the caller would otherwise wait forever
				const hung = !res.headersSent;
				if (hung) res.status(500).end('node returned noWebhookResponse without answering');
				// n8n 2.41 still starts the workflow with workflowData (webhook-helpers.js)
				return { workflowData: result.workflowData, hung };
			}
			if (result?.workflowData === undefined) {
				const data =
					result?.webhookResponse !== undefined
						? result.webhookResponse
						: { message: 'Webhook call received' };
				if (!res.headersSent) res.status(200).send(data);
				return { workflowData: undefined, hung: false };
			}
			// responseMode 'onReceived', responseData 'noData': empty answer, then the execution runs
			if (!res.headersSent) res.status(200).end('');
			return { workflowData: result.workflowData, hung: false };
		},
		/**
		 * One POST as a unit-test call: no socket, the answer is returned.
		 * @param {{ body?: string | Buffer | object, headers?: Record<string, string | string[]>,
		 *   query?: string, parse?: boolean, rawBody?: boolean, parsedBody?: unknown, method?: string }} call
		 *   query: the query string without '?'. body: text/Buffer sent as bytes (objects as JSON text).
		 *   parse: false → n8n did not parse (no rawBody yet; readRawBody still works unless rawBody: false).
		 *   parsedBody: put this in req.body as if n8n had parsed it (with parse: false).
		 */
		async invoke(call = {}) {
			const headers = { 'content-type': 'application/json', ...(call.headers ?? {}) };
			const body = call.body;
			const bytes =
				body === undefined
					? undefined
					: Buffer.isBuffer(body)
						? body
						: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
			const url = `/webhook/${path}${call.query ? `?${call.query}` : ''}`;
			const req = buildRequest({
				method: call.method,
				url,
				headers,
				bytes,
				rawBody: call.rawBody,
				body: call.parsedBody,
			});
			const res = new ExpressLikeResponse();
			if (call.parse !== false) {
				const early = await parseLikeN8n(req);
				if (early) {
					res.status(early.status).json(early.body);
					return {
						status: res.statusCode,
						body: res.body,
						headers: res.headers,
						workflowData: undefined,
						n8nAnswered: true,
					};
				}
			}
			const outcome = await host.handle(req, res);
			return {
				status: res.statusCode,
				body: res.body,
				headers: res.headers,
				...outcome,
				n8nAnswered: false,
			};
		},
		/**
		 * Runs a webhook lifecycle method (checkExists / create / delete) through n8n-core's HookContext.
		 * @param {'checkExists' | 'create' | 'delete'} method
		 */
		async lifecycle(method) {
			await initN8nCore();
			const context = new HookContext(
				workflow,
				node,
				additionalData(),
				mode,
				'activate',
				webhookData(),
			);
			return await nodeType.webhookMethods.default[method].call(context);
		},
	};
	return host;
}

/**
 * A local HTTP server (127.0.0.1, random port) that feeds every POST to the trigger, answers the
 * caller with what the node decided, and records the executions.
 * @param {Parameters<typeof createTriggerHost>[0]} [options]
 */
async function startCallbackReceiver(options = {}) {
	await initN8nCore();
	const host = createTriggerHost(options);
	/** @type {Array<{ url: string, status: number, body: string, headers: Record<string, string>, at: number }>} */
	const requests = [];
	/** @type {Array<{ items: any[], url: string, at: number }>} */
	const executions = [];
	/** @type {unknown[]} */
	const errors = [];

	const server = http.createServer((incoming, outgoing) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		let tooLarge = false;
		incoming.on('data', (chunk) => {
			size += chunk.length;
			if (size > PAYLOAD_SIZE_MAX) tooLarge = true;
			else chunks.push(chunk);
		});
		incoming.on('end', () => {
			void (async () => {
				const url = incoming.url ?? '/';
				const res = new ExpressLikeResponse(outgoing);
				try {
					const expected = `/webhook/${host.webhookPath}`;
					if (!url.startsWith(expected) || !['', '?'].includes(url.charAt(expected.length))) {
						res
							.status(404)
							.json({ code: 404, message: 'The requested webhook is not registered.' });
					} else if (incoming.method !== 'POST') {
						res
							.status(404)
							.json({
								code: 404,
								message: `This webhook is not registered for ${incoming.method} requests.`,
							});
					} else if (tooLarge) {
						res.status(413).json({ code: 413, message: 'request entity too large' });
					} else {
						const req = buildRequest({
							method: incoming.method,
							url,
							headers: /** @type {any} */ (incoming.headers),
							bytes: Buffer.concat(chunks),
						});
						const early = await parseLikeN8n(req);
						if (early) res.status(early.status).json(early.body);
						else {
							const outcome = await host.handle(req, res);
							if (outcome.threw) errors.push(outcome.threw);
							if (outcome.workflowData)
								executions.push({ items: outcome.workflowData[0], url, at: Date.now() });
						}
					}
				} catch (error) {
					errors.push(error);
					if (!res.headersSent) res.status(500).json({ message: 'receiver failure' });
				}
				requests.push({
					url,
					status: res.statusCode,
					body: res.body ?? '',
					headers: res.headers,
					at: Date.now(),
				});
			})();
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	const base = `http://127.0.0.1:${address.port}`;

	return {
		host,
		/** Production-style URL of the trigger: `<base>/webhook/<webhookId>/oneshot`. */
		url: `${base}/webhook/${host.webhookPath}`,
		requests,
		executions,
		errors,
		/** Items of every execution, in order. */
		items: () => executions.flatMap((e) => e.items),
		clear() {
			requests.length = 0;
			executions.length = 0;
			errors.length = 0;
		},
		/** Resolves once `count` requests were answered. @param {number} count */
		async waitForRequests(count, timeoutMs = 5000) {
			const deadline = Date.now() + timeoutMs;
			while (requests.length < count) {
				if (Date.now() > deadline)
					throw new Error(`Timed out waiting for ${count} callbacks (got ${requests.length})`);
				await new Promise((resolve) => setTimeout(resolve, 5));
			}
			return requests.slice();
		},
		async close() {
			await new Promise((resolve) => {
				server.close(() => resolve(undefined));
				server.closeAllConnections();
			});
		},
	};
}

module.exports = { createTriggerHost, startCallbackReceiver, ExpressLikeResponse, TRIGGER_TYPE };
