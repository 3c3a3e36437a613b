'use strict';
/**
 * Workflows of the end-to-end tests, built only from n8n's own nodes plus this package's node:
 *
 *   Webhook (POST /webhook/<path>)
 *     → HTTP Request: download the PDF from the test file server (binary "data")
 *     → One-Shot Create → Upload → Get Contract → Generate OTP
 *     → HTTP Request: the signer reads the SMS (GET <simulator>/__simulator/otp/<requestPk>)
 *     → One-Shot Sign (classic, or asynchronous with Wait for Completion)
 *
 * No Code node (it would need the task runner) and no Manual Trigger (the public API cannot run
 * one): the run starts through the published Webhook trigger.
 */
const { randomUUID } = require('crypto');

const PACKAGE = 'n8n-nodes-uanataca-oneshot';
const ONE_SHOT = `${PACKAGE}.uanatacaOneShot`;

const SIGNER = {
	givenName: 'María',
	surname1: 'García',
	idDocumentType: 'IDC',
	idDocumentCountry: 'ES',
	serialNumber: '12345678Z',
	email: 'maria@example.com',
	mobilePhoneNumber: '+34 600 123 123',
};

function webhook(path) {
	return {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		webhookId: randomUUID(),
		position: [0, 0],
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	};
}

function httpRequest(name, url, file, x) {
	const options = file
		? { response: { response: { responseFormat: 'file', outputPropertyName: 'data' } } }
		: { response: { response: { responseFormat: 'json' } } };
	return {
		id: randomUUID(),
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [x, 0],
		parameters: { method: 'GET', url, options },
	};
}

function oneShot(name, parameters, credential, x) {
	return {
		id: randomUUID(),
		name,
		type: ONE_SHOT,
		typeVersion: 1,
		position: [x, 0],
		parameters,
		credentials: { uanatacaOneShotApi: { id: credential.id, name: credential.name } },
	};
}

function chain(names) {
	const connections = {};
	for (let i = 0; i < names.length - 1; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}

/**
 * The signing flow. `mode`: 'classic' | 'async'. `documentUrl`: URL of the file to sign.
 * `callbackUrl`: Create's Callback URL (may be the expression `={{ $execution.resumeUrl }}`).
 * `completionSignal`: Sign's "How to Detect Completion" ('auto' | 'callback' | 'poll').
 * `stopAfter`: name of the last node (e.g. 'Upload' for the non-PDF test).
 * `wrongOtp`: Sign with a code that is not the one "sent by SMS".
 */
function signingFlow({
	name,
	path,
	credential,
	documentUrl,
	simulatorUrl,
	mode = 'classic',
	callbackUrl = '',
	wrongOtp = false,
	stopAfter,
	completionSignal,
	waitTimeoutMinutes = 1,
}) {
	const asyncMode = mode === 'async';
	const x = (i) => 220 * i;
	const nodes = [
		webhook(path),
		httpRequest('Get PDF', documentUrl, true, x(1)),
		oneShot(
			'Create',
			{ resource: 'request', operation: 'create', ...SIGNER, asyncMode, callbackUrl },
			credential,
			x(2),
		),
		oneShot(
			'Upload',
			{ resource: 'document', operation: 'upload', binaryPropertyName: 'data' },
			credential,
			x(3),
		),
		oneShot(
			'Contract',
			{ resource: 'document', operation: 'getContract', binaryPropertyName: 'contract' },
			credential,
			x(4),
		),
		oneShot('OTP', { resource: 'request', operation: 'generateOtp' }, credential, x(5)),
		httpRequest(
			'Signer reads the SMS',
			`={{ '${simulatorUrl}/__simulator/otp/' + $json.requestPk }}`,
			false,
			x(6),
		),
		oneShot(
			'Sign',
			{
				resource: 'request',
				operation: 'sign',
				requestPk: "={{ $('Create').item.json.requestPk }}",
				// a wrong code: the one "sent by SMS" plus one (never equal to it)
				secret: wrongOtp
					? "={{ String((Number($json.otp) + 1) % 1000000).padStart($json.otp.length, '0') }}"
					: '={{ $json.otp }}',
				waitForCompletion: asyncMode,
				options: asyncMode
					? {
							returnSignedDocuments: true,
							pollIntervalSeconds: 1,
							waitTimeoutMinutes,
							...(completionSignal ? { completionSignal } : {}),
						}
					: { returnSignedDocuments: true },
			},
			credential,
			x(7),
		),
	];
	let names = nodes.map((n) => n.name);
	if (stopAfter) {
		const end = names.indexOf(stopAfter) + 1;
		nodes.splice(end);
		names = names.slice(0, end);
	}
	return { name, nodes, connections: chain(names), settings: { executionOrder: 'v1' } };
}

module.exports = { signingFlow, SIGNER, ONE_SHOT, PACKAGE };
