'use strict';
/**
 * Workflow builders for the reliability suite, the benchmarks and the queue-mode run: n8n's own
 * nodes (Webhook, HTTP Request, Split Out, Wait, No-Op, Read/Write Files) plus this package's two
 * nodes. The signer and the node type names come from the end-to-end suite (test/e2e/workflows.js).
 *
 * No Code node (it needs the task runner) and no Manual Trigger (the public API cannot run one).
 */
const { randomUUID } = require('crypto');

const { SIGNER, ONE_SHOT, PACKAGE } = require('../../e2e/workflows');

const TRIGGER = `${PACKAGE}.uanatacaOneShotTrigger`;

function node(name, type, typeVersion, parameters, extra = {}) {
	return { id: randomUUID(), name, type, typeVersion, position: [0, 0], parameters, ...extra };
}

/** Core Webhook trigger (POST /webhook/<path>). */
function webhook(path, { responseMode = 'onReceived', name = 'Webhook', options = {} } = {}) {
	return node(
		name,
		'n8n-nodes-base.webhook',
		2.1,
		{ httpMethod: 'POST', path, responseMode, options },
		{ webhookId: randomUUID() },
	);
}

/** Our trigger; `parameters` as in the node (secretToken, statuses, options.deduplicate, …). */
function oneShotTrigger(parameters, { name = 'One-Shot Trigger', credential } = {}) {
	return node(name, TRIGGER, 1.1, parameters, {
		webhookId: randomUUID(),
		...(credential
			? { credentials: { uanatacaOneShotApi: { id: credential.id, name: credential.name } } }
			: {}),
	});
}

/** Our action node. `continueOnFail`: Settings → On Error → Continue (error output in the item). */
function oneShot(name, parameters, credential, { continueOnFail = false } = {}) {
	return node(name, ONE_SHOT, 1, parameters, {
		credentials: { uanatacaOneShotApi: { id: credential.id, name: credential.name } },
		...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
	});
}

/** HTTP Request node 4.2. `options.file`: response into binary `data`. */
function httpRequest(name, { method = 'GET', url, file = false, body, extra = {}, continueOnFail }) {
	const parameters = {
		method,
		url,
		options: {
			response: {
				response: file
					? { responseFormat: 'file', outputPropertyName: 'data' }
					: { responseFormat: 'json' },
			},
		},
		...(body ?? {}),
		...extra,
	};
	return node(name, 'n8n-nodes-base.httpRequest', 4.2, parameters, {
		...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
	});
}

/** Split Out: one item per entry of `field` of the input item. */
function splitOut(name, field) {
	return node(name, 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: field, options: {} });
}

function noOp(name = 'Done') {
	return node(name, 'n8n-nodes-base.noOp', 1, {});
}

/** Wait node resumed by a POST to {{ $execution.resumeUrl }}. */
function waitForWebhook(name = 'Wait for callback', limitMinutes = 2) {
	return node(name, 'n8n-nodes-base.wait', 1.1, {
		resume: 'webhook',
		httpMethod: 'POST',
		limitWaitTime: true,
		limitType: 'afterTimeInterval',
		resumeAmount: limitMinutes,
		resumeUnit: 'minutes',
		options: {},
	});
}

/** Read/Write Files from Disk: reads `filePath` into binary `data` (streamed into the store). */
function readFile(name, filePath) {
	return node(name, 'n8n-nodes-base.readWriteFile', 1, {
		operation: 'read',
		fileSelector: filePath,
		options: { dataPropertyName: 'data' },
	});
}

/** Connects the nodes one after the other; returns the workflow. */
function chainWorkflow(name, nodes, settings = {}) {
	const connections = {};
	nodes.forEach((n, i) => {
		n.position = [220 * i, 0];
		if (i < nodes.length - 1)
			connections[n.name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	});
	return { name, nodes, connections, settings: { executionOrder: 'v1', ...settings } };
}

/** Create parameters for the standard signer. */
function createParameters({ asyncMode = false, callbackUrl = '', signer = {} } = {}) {
	return {
		resource: 'request',
		operation: 'create',
		...SIGNER,
		...signer,
		asyncMode,
		callbackUrl,
	};
}

/**
 * Webhook → Get PDF (from `fileUrl`) → Create (async, Callback URL = the execution's resume URL)
 * → Upload → Generate OTP → read the OTP from the simulator → Sign, parked until the callback,
 * returning the signed PDF: the asynchronous signing flow of the benchmarks and of queue mode.
 */
function parkedSigningNodes(webhookPath, credential, fileUrl, simUrl) {
	return [
		webhook(webhookPath),
		httpRequest('Get PDF', { url: fileUrl, file: true }),
		oneShot('Create', createParameters({ asyncMode: true, callbackUrl: '={{ $execution.resumeUrl }}' }), credential),
		oneShot('Upload', { resource: 'document', operation: 'upload', binaryPropertyName: 'data' }, credential),
		oneShot('OTP', { resource: 'request', operation: 'generateOtp' }, credential),
		httpRequest('Signer reads the SMS', { url: `={{ '${simUrl}/__simulator/otp/' + $('Create').first().json.requestPk }}` }),
		oneShot(
			'Sign',
			{
				resource: 'request',
				operation: 'sign',
				requestPk: "={{ $('Create').first().json.requestPk }}",
				secret: '={{ $json.otp }}',
				waitForCompletion: true,
				options: { completionSignal: 'callback', returnSignedDocuments: true, waitTimeoutMinutes: 3 },
			},
			credential,
		),
	];
}

module.exports = {
	parkedSigningNodes,
	SIGNER,
	ONE_SHOT,
	PACKAGE,
	TRIGGER,
	node,
	webhook,
	oneShotTrigger,
	oneShot,
	httpRequest,
	splitOut,
	noOp,
	waitForWebhook,
	readFile,
	chainWorkflow,
	createParameters,
};
