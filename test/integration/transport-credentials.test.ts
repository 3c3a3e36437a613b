/**
 * The transport sends with this.helpers.httpRequest (the credential is loaded once per call);
 * n8n's "Allowed HTTP Request Domains" of a credential, when set, is honoured by the transport.
 */
import { isDomainAllowed } from '../../nodes/shared/transport';
import { startSimulator } from '../simulator';
import type { Simulator } from '../simulator';
import type { IConnections, INode } from 'n8n-workflow';

import { chain, cleanupN8nCore, outputOf, runWorkflow } from '../support/harness';
import { credentialsHelper, nodeTypes, oneShot, trigger } from '../support/nodes';
import { SIGNER, makeRunner } from './common';

let sim: Simulator;
let runner: ReturnType<typeof makeRunner>;

beforeAll(async () => {
	sim = await startSimulator({ callbackDelayMs: 5 });
	runner = makeRunner(sim);
});
afterAll(async () => {
	await sim.close();
	await cleanupN8nCore();
});
beforeEach(() => sim.reset());

test('isDomainAllowed follows n8n: exact hosts, "*." for subdomains only', () => {
	expect(isDomainAllowed('https://optimizer.example.com/x', 'optimizer.example.com')).toBe(true);
	expect(isDomainAllowed('https://optimizer.example.com/x', 'other.com, *.example.com')).toBe(true);
	expect(isDomainAllowed('https://example.com/x', '*.example.com')).toBe(false);
	expect(isDomainAllowed('https://evil.com/x', 'example.com')).toBe(false);
	expect(isDomainAllowed('not a url', 'example.com')).toBe(false);
});

const create = () => [
	trigger,
	oneShot('Create', { resource: 'request', operation: 'create', ...SIGNER }),
];

test('each call loads and decrypts the credential once', async () => {
	const helper = credentialsHelper(runner.credentialData());
	const loads = jest.spyOn(helper, 'getDecrypted');
	const nodes = [
		trigger,
		oneShot('Create', { resource: 'request', operation: 'create', ...SIGNER }),
		oneShot('OTP', { resource: 'request', operation: 'generateOtp' }),
	];
	const { run } = (await runWorkflow({
		nodes: nodes as INode[],
		connections: chain('Start', 'Create', 'OTP') as IConnections,
		nodeTypes: nodeTypes(),
		credentialsHelper: helper,
	})) as { run: { status: string } };
	expect(run.status).toBe('success');
	// two calls to the Optimizer, two loads (httpRequestWithAuthentication made it four)
	expect(sim.requestLog).toHaveLength(2);
	expect(loads).toHaveBeenCalledTimes(2);
});

test.each([
	['no restriction', {}],
	['"All"', { allowedHttpRequestDomains: 'all' }],
	['"None" (blocks the HTTP Request node only)', { allowedHttpRequestDomains: 'none' }],
	[
		'"Specific Domains" listing the Optimizer',
		{ allowedHttpRequestDomains: 'domains', allowedDomains: 'example.com, 127.0.0.1' },
	],
])('a call goes through with %s', async (_label, credentials) => {
	const { run } = await runner.run(create(), chain('Start', 'Create'), credentials);
	expect(run.data.resultData.error?.message).toBeUndefined();
	expect(typeof outputOf(run, 'Create')[0].json.requestPk).toBe('number');
});

test.each([
	['a list without the Optimizer', 'example.com', 'Domain not allowed'],
	['an empty list', '', 'No allowed domains specified'],
])('"Specific Domains" with %s stops the call before it is sent', async (_l, allowed, message) => {
	const { run } = await runner.run(create(), chain('Start', 'Create'), {
		allowedHttpRequestDomains: 'domains',
		allowedDomains: allowed,
	});
	expect(run.status).toBe('error');
	expect(run.data.resultData.error?.message).toContain(message);
	expect(sim.requestLog).toHaveLength(0);
});
