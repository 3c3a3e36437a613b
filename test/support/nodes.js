/**
 * Node types and credentials for the in-process tests: our real node classes (compiled by
 * ts-jest from source), n8n's manual trigger stand-in, a fixture node and a node that reads the
 * OTP the simulator "sent by SMS" (what a signer would type into a form).
 */
const { UanatacaOneShot } = require('../../nodes/UanatacaOneShot/UanatacaOneShot.node');
const { UanatacaOneShotApi } = require('../../credentials/UanatacaOneShotApi.credentials');
const { UanatacaOneShotN8nApi } = require('../../credentials/UanatacaOneShotN8nApi.credentials');
const { ManualTrigger, FixtureNode, TestNodeTypes, TestCredentialsHelper } = require('./harness');

const PACKAGE = 'n8n-nodes-uanataca-oneshot';

/** Reads the current OTP of `requestPk` from the simulator's control endpoint, like an SMS inbox. */
class SignerInbox {
	constructor() {
		this.description = {
			displayName: 'Signer Inbox',
			name: 'signerInbox',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Signer Inbox' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [
				{ displayName: 'Simulator URL', name: 'simulatorUrl', type: 'string', default: '' },
				{ displayName: 'Wrong Code', name: 'wrongCode', type: 'boolean', default: false },
			],
		};
	}
	/** @this {any} */
	async execute() {
		const items = this.getInputData();
		const out = [];
		for (let i = 0; i < items.length; i++) {
			const url = this.getNodeParameter('simulatorUrl', i);
			const pk = items[i].json.requestPk;
			const res = await this.helpers.httpRequest({
				url: `${url}/__simulator/otp/${pk}`,
				json: true,
			});
			const code = this.getNodeParameter('wrongCode', i) ? '000000' : res.otp;
			out.push({ json: { ...items[i].json, code }, pairedItem: { item: i } });
		}
		return [out];
	}
}

function nodeTypes() {
	return new TestNodeTypes({
		'n8n-nodes-base.manualTrigger': new ManualTrigger(),
		'test.fixture': new FixtureNode(),
		'test.signerInbox': new SignerInbox(),
		[`${PACKAGE}.uanatacaOneShot`]: new UanatacaOneShot(),
	});
}

/**
 * @param {Record<string, unknown>} data the One-Shot credential's fields
 * @param {{ baseUrl: string, apiKey: string }} [n8nApi] the "Uanataca One-Shot N8n API"
 *   credential's fields (n8n's URL without /api/v1, API key); without it that credential is unknown
 */
function credentialsHelper(data, n8nApi) {
	/** @type {Record<string, unknown>} */
	const types = { uanatacaOneShotApi: new UanatacaOneShotApi() };
	/** @type {Record<string, unknown>} */
	const values = { uanatacaOneShotApi: data };
	if (n8nApi) {
		types.uanatacaOneShotN8nApi = new UanatacaOneShotN8nApi();
		values.uanatacaOneShotN8nApi = { baseUrl: n8nApi.baseUrl, apiKey: n8nApi.apiKey };
	}
	return new TestCredentialsHelper(types, values);
}

const trigger = {
	id: 'trigger',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** A node of ours with the given parameters. */
function oneShot(name, parameters, extra = {}) {
	return {
		id: name,
		name,
		type: `${PACKAGE}.uanatacaOneShot`,
		typeVersion: 1,
		position: [200, 0],
		parameters,
		credentials: { uanatacaOneShotApi: { id: '1', name: 'One-Shot account' } },
		...extra,
	};
}

function fixture(name, items) {
	return {
		id: name,
		name,
		type: 'test.fixture',
		typeVersion: 1,
		position: [100, 0],
		parameters: { items: JSON.stringify(items) },
	};
}

function signerInbox(name, simulatorUrl, wrongCode = false) {
	return {
		id: name,
		name,
		type: 'test.signerInbox',
		typeVersion: 1,
		position: [300, 0],
		parameters: { simulatorUrl, wrongCode },
	};
}

/** A small but real PDF file. */
function pdf(label = 'Contract', padding = 0) {
	const text = `%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n% ${label}\n${'%'.repeat(padding)}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`;
	return Buffer.from(text, 'latin1');
}

/** A small PNG header with its IHDR chunk (width × height), enough for type checks. */
function png(width = 300, height = 100) {
	const ihdr = Buffer.alloc(25);
	ihdr.writeUInt32BE(13, 0);
	ihdr.write('IHDR', 4, 'latin1');
	ihdr.writeUInt32BE(width, 8);
	ihdr.writeUInt32BE(height, 12);
	ihdr.writeUInt8(8, 16);
	ihdr.writeUInt8(6, 17);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		ihdr,
		Buffer.alloc(64, 7),
	]);
}

/** The start of an MP4 file (an ISO base media "ftyp" box) plus some bytes. */
function mp4(size = 2048) {
	const box = Buffer.alloc(24);
	box.writeUInt32BE(24, 0);
	box.write('ftypisom', 4, 'latin1');
	box.write('isomiso2mp41', 12, 'latin1');
	return Buffer.concat([box, Buffer.alloc(size, 3)]);
}

function binaryEntry(buffer, fileName, mimeType = 'application/pdf') {
	return { base64: buffer.toString('base64'), fileName, mimeType };
}

module.exports = {
	PACKAGE,
	nodeTypes,
	credentialsHelper,
	trigger,
	oneShot,
	fixture,
	signerInbox,
	pdf,
	png,
	mp4,
	binaryEntry,
};
