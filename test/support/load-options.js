/**
 * Runs a node's listSearch method ("From List" of a resource locator) in n8n-core's real
 * LoadOptionsContext, as the editor does while a user picks a value: the node's current
 * parameters as typed (expressions unresolved), the credential from memory, real HTTP.
 */
const { LoadOptionsContext } = require('n8n-core');
const { Workflow } = require('n8n-workflow');

const { initN8nCore } = require('./harness');
const { PACKAGE, credentialsHelper, nodeTypes } = require('./nodes');

/**
 * @param {{ method: string, parameters: Record<string, unknown>, credentials: Record<string, unknown>, filter?: string }} args
 */
async function listSearch({ method, parameters, credentials, filter }) {
	await initN8nCore();
	const types = nodeTypes();
	const node = {
		id: 'node',
		name: 'One-Shot',
		type: `${PACKAGE}.uanatacaOneShot`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { uanatacaOneShotApi: { id: '1', name: 'One-Shot account' } },
	};
	const workflow = new Workflow({
		id: 'wf-load-options',
		nodes: [node],
		connections: {},
		nodeTypes: types,
		active: false,
		settings: {},
	});
	const additionalData = {
		credentialsHelper: credentialsHelper(credentials),
		currentNodeParameters: parameters,
		variables: {},
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
	};
	// @ts-ignore -- additionalData carries only the fields the context reads
	const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters.x');
	const nodeType = types.getByNameAndVersion(node.type, 1);
	const fn = nodeType.methods.listSearch[method];
	return await fn.call(context, filter);
}

module.exports = { listSearch };
