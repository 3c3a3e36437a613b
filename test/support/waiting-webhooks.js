/**
 * A stand-in for n8n's WaitingWebhooks (packages/cli/src/webhooks/waiting-webhooks.ts), so a
 * parked execution of the in-process harness can be resumed by a real HTTP callback, e.g. from
 * the simulator posting to `{{ $execution.resumeUrl }}`. Like n8n 2.41 it answers:
 *   - 404 for an unknown execution, 409 while the execution is still running or once finished,
 *   - 401 when the `signature` query parameter is not the execution's resume token,
 *   - otherwise it runs the waiting node's webhook(): with workflowData the node is disabled, its
 *     output replaced by that data and the execution continues; without, it keeps waiting.
 */
const http = require('node:http');
const crypto = require('node:crypto');
const { WebhookContext, WorkflowExecute } = require('n8n-core');

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/** A minimal express-like response that records what the node answers. */
function fakeResponse() {
	const res = {
		statusCode: 200,
		body: undefined,
		headers: {},
		ended: false,
		status(code) {
			res.statusCode = code;
			return res;
		},
		json(value) {
			res.body = JSON.stringify(value);
			res.headers['content-type'] = 'application/json';
			res.ended = true;
			return res;
		},
		send(value) {
			res.body = value === undefined ? '' : String(value);
			res.ended = true;
			return res;
		},
		end(value) {
			return res.send(value);
		},
		setHeader(name, value) {
			res.headers[name.toLowerCase()] = value;
			return res;
		},
		header(name, value) {
			return res.setHeader(name, value);
		},
		type(value) {
			return res.setHeader('content-type', value);
		},
	};
	return res;
}

async function startWaitingWebhooks() {
	/** executionId → { state: 'running' | 'waiting' | 'finished', result?, resumed?: Promise } */
	const executions = new Map();
	const log = [];
	const resumeWaiters = new Map();

	async function handle(req, res) {
		const url = new URL(req.url, 'http://127.0.0.1');
		const match = /^\/webhook-waiting\/([^/]+)$/.exec(url.pathname);
		const body = await readBody(req);
		const answer = (status, text) => {
			log.push({ executionId: match?.[1], status, at: Date.now() });
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(text ?? '');
		};
		if (!match || req.method !== 'POST') return answer(404, '{"message":"Not found"}');
		const executionId = match[1];
		const entry = executions.get(executionId);
		if (!entry)
			return answer(404, `{"message":"The execution \\"${executionId}\\" does not exist."}`);
		if (entry.state === 'running')
			return answer(409, `{"message":"The execution \\"${executionId}\\" is running already."}`);
		if (entry.state === 'finished')
			return answer(409, `{"message":"The execution \\"${executionId} has finished already."}`);

		const { run, workflow, additionalData, mode } = entry.result;
		const expected = Buffer.from(String(run.data.resumeToken ?? ''));
		const given = Buffer.from(url.searchParams.get('signature') ?? '');
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
		const text = body.toString('utf8');
		let parsed = {};
		const contentType = String(req.headers['content-type'] ?? '');
		if (contentType.includes('json')) {
			try {
				parsed = JSON.parse(text);
			} catch {
				parsed = {};
			}
		}
		const fakeReq = {
			body: parsed,
			rawBody: body,
			headers: req.headers,
			query: Object.fromEntries(url.searchParams),
			params: {},
			method: req.method,
			url: req.url,
			header: (name) => req.headers[String(name).toLowerCase()],
			readRawBody: async () => undefined,
		};
		const fakeRes = fakeResponse();
		const webhookDescription = (nodeType.description.webhooks ?? []).find((w) => w.restartWebhook);
		const webhookData = {
			httpMethod: 'POST',
			node: nodeName,
			path: '',
			webhookDescription,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
		};
		const context = new WebhookContext(
			workflow,
			node,
			{ ...additionalData, httpRequest: fakeReq, httpResponse: fakeRes },
			'webhook',
			webhookData,
			[],
			runExecutionData,
		);
		let response;
		try {
			response = await nodeType.webhook.call(context);
		} catch (error) {
			return answer(500, JSON.stringify({ message: error.message }));
		}
		if (!response.workflowData) {
			if (response.noWebhookResponse && fakeRes.ended)
				return answer(fakeRes.statusCode, fakeRes.body);
			return answer(
				200,
				response.webhookResponse === undefined
					? '{"message":"Webhook call received"}'
					: JSON.stringify(response.webhookResponse),
			);
		}
		// resume exactly like n8n: disable the waiting node, drop its pre-wait run, feed the data
		entry.state = 'running';
		runExecutionData.waitTill = undefined;
		const stackEntry = runExecutionData.executionData.nodeExecutionStack[0];
		stackEntry.node.disabled = true;
		runExecutionData.resultData.runData[nodeName].pop();
		stackEntry.data.main = response.workflowData;
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
		state(executionId) {
			return executions.get(executionId)?.state;
		},
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

module.exports = { startWaitingWebhooks };
