/**
 * Runs workflows through n8n-core's real execution engine (WorkflowExecute) in this process:
 * real HTTP, real credential handling, real filesystem binary-data store.
 * Recipe: ../shared/reference/n8n-core-in-process-tests.md. Written in JavaScript because it needs
 * Node built-ins and globals that n8n's community-node lint forbids in TypeScript files.
 */
const { Container } = require('@n8n/di');
const {
	BinaryDataService,
	ExecutionLifecycleHooks,
	WorkflowExecute,
	WebhookContext,
} = require('n8n-core');
const { ICredentialsHelper, NodeHelpers, Workflow, isExpression } = require('n8n-workflow');
const { randomUUID } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** Stand-in for n8n-nodes-base.manualTrigger (nodes-base is not a dependency). */
class ManualTrigger {
	constructor() {
		this.description = {
			displayName: 'Manual Trigger',
			name: 'manualTrigger',
			group: ['trigger'],
			version: 1,
			description: '',
			defaults: { name: 'Manual Trigger' },
			inputs: [],
			outputs: ['main'],
			properties: [],
		};
	}
	/** @this {any} */
	async trigger() {
		const manualTriggerFunction = async () => {
			this.emit([this.helpers.returnJsonArray([{}])]);
		};
		return { manualTriggerFunction };
	}
}

/** Emits the items given in its `items` parameter (JSON) with optional binaries from base64. */
class FixtureNode {
	constructor() {
		this.description = {
			displayName: 'Fixture',
			name: 'fixture',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Fixture' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
		};
	}
	/** @this {any} */
	async execute() {
		const raw = this.getNodeParameter('items', 0);
		const list = typeof raw === 'string' ? JSON.parse(raw) : raw;
		const out = [];
		for (const entry of list) {
			const item = { json: entry.json ?? {}, pairedItem: { item: 0 } };
			if (entry.binary) {
				item.binary = {};
				for (const [key, b] of Object.entries(entry.binary)) {
					const data = Buffer.from(b.base64, 'base64');
					item.binary[key] = await this.helpers.prepareBinaryData(data, b.fileName, b.mimeType);
				}
			}
			out.push(item);
		}
		return [out];
	}
}

class TestNodeTypes {
	/** @param {Record<string, any>} types */
	constructor(types) {
		this.types = types;
	}
	getByName(type) {
		const t = this.types[type];
		if (!t) throw new Error(`Unknown node type: ${type}`);
		return t;
	}
	getByNameAndVersion(type, version) {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	}
	getKnownTypes() {
		return {};
	}
}

/** Credentials from memory; generic and function `authenticate` applied like n8n's CLI helper. */
class TestCredentialsHelper extends ICredentialsHelper {
	constructor(types, data) {
		super();
		this.types = types;
		this.data = data;
	}
	getParentTypes(name) {
		return this.types[name]?.extends ?? [];
	}
	isCredentialUsableByNode() {
		return true;
	}
	getCredentialsProperties(type) {
		return this.types[type]?.properties ?? [];
	}
	async getDecrypted(_a, _c, type) {
		const defaults = Object.fromEntries(
			this.getCredentialsProperties(type).map((p) => [p.name, p.default]),
		);
		return { ...defaults, ...this.data[type] };
	}
	async authenticate(credentials, typeName, options, workflow, node) {
		const auth = this.types[typeName]?.authenticate;
		if (typeof auth === 'function') return await auth(credentials, options);
		if (auth?.type === 'generic') {
			const resolve = (v) =>
				isExpression(v)
					? String(
							workflow.expression.getSimpleParameterValue(
								node,
								v,
								'internal',
								{ $credentials: credentials },
								undefined,
								'',
							) ?? '',
						)
					: v;
			for (const [outer, entries] of Object.entries(auth.properties)) {
				options[outer] ??= {};
				for (const [k, v] of Object.entries(entries)) options[outer][resolve(k)] = resolve(v);
			}
		}
		return options;
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	async getCredentials() {
		throw new Error('getCredentials is not supported in tests');
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
}

/** @type {Promise<string> | undefined} */
let initialized;
/** n8n's binary data mode for this test file: 'filesystem' (n8n's default) or 'default' (memory). */
let binaryDataMode = 'filesystem';

/**
 * Runs this test file's workflows with another binary data mode. 'default' keeps binary data in
 * memory and reads every stream into a buffer with n8n's own reader, as the `database` mode of
 * queue mode does. Call before the first workflow of the file runs.
 * @param {'filesystem' | 'default'} mode
 */
function setBinaryDataMode(mode) {
	if (initialized) throw new Error('setBinaryDataMode must be called before the first workflow runs');
	binaryDataMode = mode;
}

function initN8nCore() {
	initialized ??= (async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-oneshot-test-'));
		process.env.N8N_USER_FOLDER = dir;
		process.env.N8N_BINARY_DATA_STORAGE_PATH = path.join(dir, 'binaryData');
		process.env.N8N_DEFAULT_BINARY_DATA_MODE = binaryDataMode;
		process.env.N8N_LOG_LEVEL ??= 'silent';
		await Container.get(BinaryDataService).init();
		return dir;
	})();
	return initialized;
}

async function cleanupN8nCore() {
	if (initialized) fs.rmSync(await initialized, { recursive: true, force: true });
	initialized = undefined;
}

/** Path of the filesystem binary store (to check that documents are not kept in JSON). */
async function binaryStoragePath() {
	return path.join(await initN8nCore(), 'binaryData');
}

/**
 * @param {{ nodes: any[], connections: any, nodeTypes: any, credentialsHelper: any, mode?: string, executionId?: string, webhookWaitingBaseUrl?: string }} options
 */
async function runWorkflow({
	nodes,
	connections,
	nodeTypes,
	credentialsHelper,
	mode = 'manual',
	executionId = randomUUID(),
	webhookWaitingBaseUrl = 'http://127.0.0.1:5678/webhook-waiting',
}) {
	await initN8nCore();
	const workflowId = 'wf-test';
	const workflow = new Workflow({
		id: workflowId,
		nodes,
		connections,
		nodeTypes,
		active: false,
		settings: {},
	});
	const hooks = new ExecutionLifecycleHooks(mode, executionId, {
		id: workflowId,
		name: 'test',
		nodes,
		connections,
		active: false,
		settings: {},
	});
	const nodeExecutionOrder = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => void nodeExecutionOrder.push(nodeName));
	const additionalData = {
		hooks,
		credentialsHelper,
		executionId,
		currentNodeExecutionIndex: 0,
		variables: {},
		webhookWaitingBaseUrl,
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
	};
	// @ts-ignore -- additionalData carries only the fields the engine reads
	const run = await new WorkflowExecute(additionalData, mode).run({ workflow });
	// @ts-ignore
	const resume = async () =>
		await new WorkflowExecute(additionalData, mode, run.data).processRunExecutionData(workflow);
	return { run, resume, nodeExecutionOrder, executionId, workflow, additionalData };
}

/** Items of `nodeName`'s first output, first run. Throws the node's error if it failed. */
function outputOf(run, nodeName, runIndex = 0) {
	const task = run.data.resultData.runData[nodeName]?.[runIndex];
	if (!task) throw new Error(`Node "${nodeName}" did not run`);
	if (task.error) throw task.error;
	return task.data.main[0];
}

/** The error a node ended with (or undefined). */
function errorOf(run, nodeName) {
	return run.data.resultData.runData[nodeName]?.[0]?.error;
}

/** Chain of nodes connected one after the other. */
function chain(...names) {
	return Object.fromEntries(
		names
			.slice(0, -1)
			.map((n, i) => [n, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]),
	);
}

function readBinaryFile(binary) {
	return Container.get(BinaryDataService).getAsBuffer(binary);
}

module.exports = {
	ManualTrigger,
	FixtureNode,
	TestNodeTypes,
	TestCredentialsHelper,
	WebhookContext,
	initN8nCore,
	setBinaryDataMode,
	cleanupN8nCore,
	binaryStoragePath,
	runWorkflow,
	outputOf,
	errorOf,
	chain,
	readBinaryFile,
};
