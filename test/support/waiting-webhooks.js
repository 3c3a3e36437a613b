/**
 * A stand-in for n8n's WaitingWebhooks (packages/cli/src/webhooks/waiting-webhooks.ts), so a
 * parked execution of the in-process harness can be resumed by a real HTTP callback, e.g. from
 * the simulator posting to `{{ $execution.resumeUrl }}`. Like n8n 2.41 it answers:
 *   - 404 for an unknown execution, 409 while the execution is still running or once finished,
 *   - 401 when the `signature` query parameter is not the execution's resume token,
 *   - otherwise it runs the waiting node's webhook() that matches the method and the suffix
 *     (GET or POST; the suffix from the path, /webhook-waiting/<id>/<suffix>, or from the end of
 *     the token, ?signature=<token>/<suffix>, as n8n 2.41 reads it; 404 when none matches):
 *     with workflowData the node is disabled, its output replaced by that data and the execution
 *     continues (once: a second resume attempt is refused, like n8n's status guard); without,
 *     it keeps waiting. What the node wrote itself (HTML, a streamed file) is its answer.
 */
const http = require('node:http');
const crypto = require('node:crypto');
const querystring = require('node:querystring');
const { WebhookContext, WorkflowExecute } = require('n8n-core');
const { publicApi } = require('./n8n-public-api');

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/**
 * The real response, with the express methods nodes use (status, json, send, type, header), so a
 * node can also stream into it (e.g. a document piped from the Optimizer).
 */
function expressResponse(res) {
	res.status = (code) => {
		res.statusCode = code;
		return res;
	};
	res.header = (name, value) => {
		res.setHeader(name, value);
		return res;
	};
	res.type = (value) => res.header('content-type', value);
	res.json = (value) => {
		if (!res.getHeader('content-type')) res.setHeader('content-type', 'application/json');
		res.end(JSON.stringify(value));
		return res;
	};
	res.send = (value) => {
		if (value !== undefined && typeof value === 'object' && !Buffer.isBuffer(value))
			return res.json(value);
		if (!res.getHeader('content-type') && typeof value === 'string')
			res.setHeader('content-type', 'text/html; charset=utf-8');
		res.end(value === undefined ? '' : value);
		return res;
	};
	return res;
}

/** The body as n8n parses it: JSON, urlencoded forms (querystring, repeated keys → arrays). */
function parseBody(contentType, text) {
	if (contentType.includes('json')) {
		try {
			return JSON.parse(text);
		} catch {
			return {};
		}
	}
	if (contentType.includes('application/x-www-form-urlencoded')) {
		return { ...querystring.parse(text) };
	}
	return {};
}

/** @param {{ apiKey?: string }} [options] apiKey: the key the public API stand-in accepts */
async function startWaitingWebhooks(options = {}) {
	const apiKey = options.apiKey ?? 'test-n8n-api-key-0123456789';
	/** executionId → { state: 'running' | 'waiting' | 'finished', result?, resumed?: Promise } */
	const executions = new Map();
	const log = [];
	const resumeWaiters = new Map();

	async function handle(req, rawRes) {
		const res = expressResponse(rawRes);
		const url = new URL(req.url, 'http://127.0.0.1');
		const match = /^\/webhook-waiting\/([^/]+)(?:\/([^/]+))?$/.exec(url.pathname);
		const body = await readBody(req);
		if (url.pathname.startsWith('/api/v1/')) return publicApi(executions, req, res, url, apiKey);
		const record = (status) =>
			log.push({ executionId: match?.[1], status, at: Date.now(), method: req.method });
		const answer = (status, text) => {
			record(status);
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(text ?? '');
		};
		if (!match || (req.method !== 'POST' && req.method !== 'GET'))
			return answer(404, '{"message":"Not found"}');
		const executionId = match[1];
		const entry = executions.get(executionId);
		if (!entry)
			return answer(404, `{"message":"The execution \\"${executionId}\\" does not exist."}`);
		if (entry.state === 'running' || (entry.refuse > 0 && entry.refuse--))
			return answer(409, `{"message":"The execution \\"${executionId}\\" is running already."}`);
		if (entry.state === 'finished')
			return answer(409, `{"message":"The execution \\"${executionId} has finished already."}`);

		const { run, workflow, additionalData, mode } = entry.result;
		let signature = url.searchParams.get('signature') ?? '';
		let suffix = match[2] ?? '';
		const slash = signature.indexOf('/');
		if (slash >= 0) {
			if (!suffix) suffix = signature.slice(slash + 1);
			signature = signature.slice(0, slash);
		}
		const expected = Buffer.from(String(run.data.resumeToken ?? ''));
		const given = Buffer.from(signature);
		if (
			!expected.length ||
			given.length !== expected.length ||
			!crypto.timingSafeEqual(given, expected)
		) {
			return answer(401, '{"error":"Invalid token"}');
		}

		const runExecutionData = run.data;
		const nodeName = runExecutionData.resultData.lastNodeExecuted;
		const node = workflow.getNode(nodeName);
		const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const webhookDescription = (nodeType.description.webhooks ?? []).find(
			(w) =>
				w.restartWebhook &&
				String(w.httpMethod ?? 'GET').toUpperCase() === req.method &&
				String(w.path ?? '') === suffix,
		);
		if (!webhookDescription) {
			return answer(
				404,
				`{"message":"The workflow for execution \\"${executionId}\\" does not contain a waiting webhook with a matching path/method."}`,
			);
		}
		const contentType = String(req.headers['content-type'] ?? '');
		const fakeReq = {
			body: parseBody(contentType, body.toString('utf8')),
			rawBody: body,
			headers: req.headers,
			query: Object.fromEntries(url.searchParams),
			params: {},
			method: req.method,
			url: req.url,
			originalUrl: req.url,
			contentType: contentType.split(';')[0].trim(),
			header: (name) => req.headers[String(name).toLowerCase()],
			readRawBody: async () => undefined,
		};
		const webhookData = {
			httpMethod: req.method,
			node: nodeName,
			path: suffix,
			webhookDescription,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
		};
		const context = new WebhookContext(
			workflow,
			node,
			{ ...additionalData, httpRequest: fakeReq, httpResponse: res },
			'webhook',
			webhookData,
			[],
			runExecutionData,
		);
		const answered = () => res.headersSent || res.writableEnded;
		let response;
		try {
			response = await nodeType.webhook.call(context);
		} catch (error) {
			if (answered()) {
				record(res.statusCode);
				return res.end();
			}
			return answer(500, JSON.stringify({ message: error.message }));
		}
		if (!response.workflowData) {
			if (answered()) {
				record(res.statusCode);
				if (!res.writableEnded) res.end();
				return;
			}
			return answer(
				200,
				response.webhookResponse === undefined
					? '{"message":"Webhook call received"}'
					: JSON.stringify(response.webhookResponse),
			);
		}
		// two calls may both want to resume (n8n: ExecutionAlreadyResumingError); only one does
		if (entry.state !== 'waiting') {
			log.push({ executionId, status: 'alreadyResuming', at: Date.now(), method: req.method });
			if (!answered()) answer(409, '{"message":"Execution is already being resumed"}');
			return;
		}
		// resume exactly like n8n: disable the waiting node, drop its pre-wait run, feed the data
		entry.state = 'running';
		runExecutionData.waitTill = undefined;
		const stackEntry = runExecutionData.executionData.nodeExecutionStack[0];
		stackEntry.node.disabled = true;
		runExecutionData.resultData.runData[nodeName].pop();
		stackEntry.data.main = response.workflowData;
		if (answered()) record(res.statusCode);
		else
			answer(
				200,
				webhookDescription?.responseData === 'noData' ? '' : '{"message":"Workflow was started"}',
			);
		const resumed = new WorkflowExecute(
			additionalData,
			mode,
			runExecutionData,
		).processRunExecutionData(workflow);
		const finished = await resumed;
		entry.state = finished.status === 'waiting' ? 'waiting' : 'finished';
		entry.result = { ...entry.result, run: finished };
		resumeWaiters.get(executionId)?.(finished);
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch((error) => {
			res.writeHead(500);
			res.end(String(error?.message ?? error));
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	return {
		baseUrl: `http://127.0.0.1:${port}/webhook-waiting`,
		/** The public API stand-in (./n8n-public-api.js): GET /api/v1/executions[/<id>] */
		apiBaseUrl: `http://127.0.0.1:${port}`,
		apiKey,
		log,
		/** Call before starting the run: callbacks get 409 until the run is parked. */
		markRunning(executionId) {
			executions.set(executionId, { state: 'running' });
		},
		/** Call with runWorkflow's result once it returned. */
		register(result) {
			executions.set(result.executionId, {
				state: result.run.status === 'waiting' ? 'waiting' : 'finished',
				result,
			});
		},
		/** Resolves with the resumed run (rejects after timeoutMs). */
		waitForResume(executionId, timeoutMs = 10000) {
			return new Promise((resolve, reject) => {
				const timer = setTimeout(
					() => reject(new Error(`execution ${executionId} was not resumed`)),
					timeoutMs,
				);
				resumeWaiters.set(executionId, (run) => {
					clearTimeout(timer);
					resolve(run);
				});
			});
		},
		/** The next `count` calls to the execution's resume URL get 409, as n8n's can while it stores it. */
		refuseNext(executionId, count) {
			const entry = executions.get(executionId);
			if (entry) entry.refuse = count;
		},
		state(executionId) {
			return executions.get(executionId)?.state;
		},
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

module.exports = { startWaitingWebhooks };
