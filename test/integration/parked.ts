/**
 * One run of a workflow against the simulator, through the stand-in of n8n's WaitingWebhooks, as
 * the parked-execution tests need it (Sign with Wait for Completion, Sign via Signing Page): the
 * execution is announced as running, run with the simulator's credential, and handed to the
 * stand-in, which then serves its resume URL.
 */
import type { IConnections, INode, IRun } from 'n8n-workflow';

import { startSimulator } from '../simulator';
import type { Simulator, SimulatorOptions } from '../simulator';
import { cleanupN8nCore, outputOf, runWorkflow } from '../support/harness';
import { startDataTables } from '../support/n8n-data-tables';
import { credentialsHelper, nodeTypes, oneShot, signerInbox } from '../support/nodes';
import { startWaitingWebhooks } from '../support/waiting-webhooks';
import { SIGNER } from './common';

type Waiting = Awaited<ReturnType<typeof startWaitingWebhooks>>;
type DataTables = Awaited<ReturnType<typeof startDataTables>>;
/** The "Uanataca One-Shot N8n API" credential's fields: n8n's URL without /api/v1, an API key. */
export interface N8nApiAccess {
	baseUrl: string;
	apiKey: string;
}

let runs = 0;

/**
 * The steps of an asynchronous signing the parked suites share: Create (its callback to
 * `callbackUrl`, none when undefined), Upload, OTP, the signer's inbox, Sign with Wait for
 * Completion and the given options. `signer` holds Create's signer fields.
 */
export function asyncSigningSteps(
	sim: Simulator,
	{
		callbackUrl,
		signer = SIGNER,
		signOptions = {},
	}: {
		callbackUrl: string | undefined;
		signer?: Record<string, unknown>;
		signOptions?: Record<string, unknown>;
	},
) {
	return [
		oneShot('Create', {
			resource: 'request',
			operation: 'create',
			...signer,
			asyncMode: true,
			...(callbackUrl ? { callbackUrl } : {}),
		}),
		oneShot('Upload', { resource: 'document', operation: 'upload', binaryPropertyName: 'data' }),
		oneShot('OTP', { resource: 'request', operation: 'generateOtp' }),
		signerInbox('Signer', sim.url),
		oneShot('Sign', {
			resource: 'request',
			operation: 'sign',
			secret: '={{ $json.code }}',
			waitForCompletion: true,
			options: signOptions,
		}),
	];
}

/** The simulator's One-Shot credential, and the n8n API credential when `n8nApi` is given. */
export function simulatorCredential(sim: Simulator, n8nApi?: N8nApiAccess) {
	return credentialsHelper(
		{
			baseUrl: sim.currentBaseUrl,
			registrationAuthority: '1000',
			profile: 'PFnubeQAFCiudadano',
			token: sim.sandboxToken,
			billingUsername: sim.billing.username,
			billingPassword: sim.billing.password,
		},
		n8nApi,
	);
}

/** `n8nApi`: nodes may also use the n8n API credential (e.g. the data-table stand-in). */
export function parkedRunner(sim: Simulator, waiting: Waiting, n8nApi?: N8nApiAccess) {
	const types = nodeTypes();
	return {
		/** Runs without the stand-in (a run that is not expected to park). */
		async runOnce(flow: { nodes: unknown[]; connections: unknown }) {
			const result = await runWorkflow({
				nodes: flow.nodes as INode[],
				connections: flow.connections as IConnections,
				nodeTypes: types,
				credentialsHelper: simulatorCredential(sim, n8nApi),
				webhookWaitingBaseUrl: waiting.baseUrl,
			});
			return { ...result, run: result.run as IRun };
		},
		/** Runs up to where it parks; `resumeUrl` is {{ $execution.resumeUrl }} of the run. */
		async start(flow: { nodes: unknown[]; connections: unknown }) {
			const executionId = `parked-${Date.now()}-${++runs}`;
			waiting.markRunning(executionId);
			const result = await runWorkflow({
				nodes: flow.nodes as INode[],
				connections: flow.connections as IConnections,
				nodeTypes: types,
				credentialsHelper: simulatorCredential(sim, n8nApi),
				executionId,
				webhookWaitingBaseUrl: waiting.baseUrl,
			});
			waiting.register(result);
			const run = result.run as IRun;
			const requestPk = outputOf(run, 'Create')[0]?.json.requestPk as number;
			const resumeUrl = `${waiting.baseUrl}/${executionId}?signature=${run.data.resumeToken}`;
			return { ...result, run, requestPk, executionId, resumeUrl };
		},
	};
}

export type ParkedRunner = ReturnType<typeof parkedRunner>;
export type { DataTables, Waiting };

/**
 * The set-up of a test file of parked executions: the simulator (with `options`), the stand-in
 * of n8n's WaitingWebhooks and a runner, started before the file's tests and stopped after them.
 * With `dataTables`, also the stand-in of n8n's data-table API (`suite.dataTables`), which the
 * runner's n8n API credential points at. Read the fields inside tests or hooks (they are set in
 * beforeAll).
 */
export function parkedSuite(
	options: Partial<SimulatorOptions>,
	{ dataTables = false }: { dataTables?: boolean } = {},
) {
	const suite = {} as {
		sim: Simulator;
		waiting: Waiting;
		runner: ParkedRunner;
		dataTables?: DataTables;
	};
	beforeAll(async () => {
		suite.sim = await startSimulator(options);
		suite.waiting = await startWaitingWebhooks();
		if (dataTables) suite.dataTables = await startDataTables({ apiKey: 'page-progress-key' });
		suite.runner = parkedRunner(suite.sim, suite.waiting, suite.dataTables);
	});
	afterAll(async () => {
		await suite.dataTables?.close();
		await suite.waiting?.close();
		await suite.sim?.close();
		await cleanupN8nCore();
	});
	return suite;
}
