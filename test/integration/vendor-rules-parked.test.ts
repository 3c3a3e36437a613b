/**
 * Issue 12, rule 3, for a parked Sign: the Optimizer's completion notice without a date (the
 * vendor's webhook page lists the date "when present") resumes the execution; before, the notice
 * was refused and the execution waited until its time limit.
 */
import type { IRun } from 'n8n-workflow';

import type { Simulator } from '../simulator';
import { chain, outputOf } from '../support/harness';
import { binaryEntry, fixture, pdf, trigger } from '../support/nodes';
import type { ParkedRunner, Waiting } from './parked';
import { asyncSigningSteps, parkedSuite } from './parked';

const suite = parkedSuite({ asyncSignDelayMs: 300, callbackDelayMs: 5, callbackDate: false });
let sim: Simulator;
let waiting: Waiting;
let runner: ParkedRunner;
beforeAll(() => {
	({ sim, waiting, runner } = suite);
});

test('a parked Sign resumes on a completion notice without a date', async () => {
	const nodes = [
		trigger,
		fixture('Documents', [{ json: {}, binary: { data: binaryEntry(pdf('Undated'), 'deal.pdf') } }]),
		...asyncSigningSteps(sim, {
			callbackUrl: '={{ $execution.resumeUrl }}',
			signOptions: { waitTimeoutMinutes: 5 },
		}),
	];
	const names = ['Start', 'Documents', 'Create', 'Upload', 'OTP', 'Signer', 'Sign'];
	const parked = await runner.start({ nodes, connections: chain(...names) });
	expect(parked.run.status).toBe('waiting');
	const resumed = (await waiting.waitForResume(parked.executionId)) as IRun;
	expect(resumed.status).toBe('success');
	expect(outputOf(resumed, 'Sign')[0].json).toMatchObject({
		requestPk: parked.requestPk,
		signed: true,
		notifiedStatus: 'ISSUED',
		occurredAtSource: 'received',
	});
	await sim.waitForCallbacks(3);
	const issued = sim.callbacks.find(
		(c) => (c as unknown as { requestStatus?: string }).requestStatus === 'ISSUED',
	);
	expect(issued?.body).not.toHaveProperty('date');
	expect(issued?.statusCode).toBe(200);
});
