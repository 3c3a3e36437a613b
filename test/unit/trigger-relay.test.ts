/**
 * The trigger's "Resume Waiting Executions" as configured (docs/relay.md): version 2 only, its n8n
 * API credential required when on, activation refused with what to do when that credential is
 * missing, and a signature notice answered at once even when n8n's API cannot be reached (it then
 * starts the trigger's workflow: nothing is lost).
 */
import { UanatacaOneShotN8nApi } from '../../credentials/UanatacaOneShotN8nApi.credentials';
import { UanatacaOneShotTrigger } from '../../nodes/UanatacaOneShotTrigger/UanatacaOneShotTrigger.node';
import { createTriggerHost } from '../support/callback-receiver';

const WORD = 'relay-unit-word-0123456789';
const issued = {
	status: 'ISSUED',
	previous_status: 'ENROLLREADY',
	request: 4242,
	date: '2026-12-04T10:00:00',
};

function host(n8nApi?: { baseUrl: string; apiKey: string }) {
	return createTriggerHost({
		typeVersion: 2,
		parameters: { callbackAuthentication: 'credential', resumeWaitingExecutions: true },
		callbackAuth: { method: 'token', token: WORD },
		...(n8nApi ? { n8nApi } : {}),
	});
}

test('the option exists from version 2 on, and then needs the n8n API credential', () => {
	const { description } = new UanatacaOneShotTrigger();
	const option = description.properties.find((p) => p.name === 'resumeWaitingExecutions')!;
	expect(option).toMatchObject({ type: 'boolean', default: false });
	expect(option.displayOptions).toEqual({ show: { '@version': [{ _cnd: { gte: 2 } }] } });
	const credential = description.credentials!.find((c) => c.name === 'uanatacaOneShotN8nApi')!;
	expect(credential).toMatchObject({
		required: true,
		displayOptions: { show: { resumeWaitingExecutions: [true] } },
	});
	const type = new UanatacaOneShotN8nApi();
	expect(type.properties.map((p) => p.name)).toEqual(['baseUrl', 'apiKey']);
	expect(type.properties.find((p) => p.name === 'apiKey')!.typeOptions).toEqual({ password: true });
});

test('activation without the n8n API credential is refused with what to do', async () => {
	await expect(host().lifecycle('create')).rejects.toThrow(
		/"Resume Waiting Executions" needs an n8n API credential/,
	);
	expect(await host({ baseUrl: 'http://127.0.0.1:5678', apiKey: 'k' }).lifecycle('create')).toBe(
		true,
	);
});

test("n8n's API unreachable: the notice is answered at once and starts the trigger's workflow", async () => {
	// port 9 (discard) on loopback: nothing listens, the connection is refused
	const h = host({ baseUrl: 'http://127.0.0.1:9', apiKey: 'k' });
	const started = Date.now();
	const result = await h.invoke({ body: issued, query: `token=${WORD}` });
	expect(result.status).toBe(200);
	expect(result.body).toBe('');
	expect(result.workflowData?.[0][0].json).toMatchObject({ requestPk: 4242, status: 'ISSUED' });
	// a few quick retries, not the minute a notice may wait for its execution
	expect(Date.now() - started).toBeLessThan(10_000);
});
