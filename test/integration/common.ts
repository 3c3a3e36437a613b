/** Shared set-up of the integration tests: credentials pointing at the simulator, a runner. */
import type { IConnections, INode, IRun } from 'n8n-workflow';

import type { Simulator } from '../simulator';
import { runWorkflow } from '../support/harness';
import { credentialsHelper, nodeTypes, oneShot } from '../support/nodes';

export const SIGNER = {
	givenName: 'María',
	surname1: 'García',
	idDocumentType: 'IDC',
	idDocumentCountry: 'ES',
	serialNumber: '12345678Z',
	email: 'maria@example.com',
	mobilePhoneNumber: '+34 600 123 123',
};

/** Create (asynchronous, Callback URL = resume URL) from each item's signer fields (batches). */
export function createPerItem() {
	return oneShot('Create', {
		resource: 'request',
		operation: 'create',
		...Object.fromEntries(Object.keys(SIGNER).map((k) => [k, `={{ $json.${k} }}`])),
		asyncMode: true,
		callbackUrl: '={{ $execution.resumeUrl }}',
	});
}

export function makeRunner(sim: Simulator) {
	const credentialData = (extra: Record<string, unknown> = {}) => ({
		baseUrl: sim.currentBaseUrl,
		apiGeneration: 'current',
		environment: 'sandbox',
		// The current Optimizer's pages list both as required (the strict simulator enforces it).
		registrationAuthority: '1000',
		profile: 'PFnubeQAFCiudadano',
		token: sim.sandboxToken,
		billingUsername: sim.billing.username,
		billingPassword: sim.billing.password,
		...extra,
	});
	const types = nodeTypes();
	return {
		credentialData,
		async run(nodes: unknown[], connections: unknown, credentials: Record<string, unknown> = {}) {
			const result = await runWorkflow({
				nodes: nodes as INode[],
				connections: connections as IConnections,
				nodeTypes: types,
				credentialsHelper: credentialsHelper(credentialData(credentials)),
			});
			return result as { run: IRun; nodeExecutionOrder: string[]; executionId: string };
		},
	};
}
