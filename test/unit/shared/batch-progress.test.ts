/**
 * What one n8n process remembers of parked batches of Sign (nodes/shared/signing/batchProgress):
 * a bounded cache, released when a batch resumes; the state kept with the execution is short
 * whatever the number of signers.
 */
import {
	decodeBatchState,
	encodeBatchState,
	forgetBatch,
	knownOutcomes,
	rememberOutcome,
	rememberedBatches,
	timeLimitWatch,
} from '../../../nodes/shared/signing/batchProgress';

afterEach(() => {
	for (let n = 0; n < 2100; n++) forgetBatch(`bounded-${n}`);
	forgetBatch('one');
});

test('outcomes are remembered per execution and forgotten when it resumes', () => {
	rememberOutcome('one', 101, { status: 'signed' });
	rememberOutcome('one', 102, { status: 'cancelled', message: 'Request 102 was cancelled' });
	expect(knownOutcomes('one').get(102)).toEqual({
		status: 'cancelled',
		message: 'Request 102 was cancelled',
	});
	expect(rememberedBatches()).toBe(1);
	forgetBatch('one');
	expect(rememberedBatches()).toBe(0);
	expect(knownOutcomes('one').size).toBe(0);
});

test('at most 2,000 batches are remembered: the oldest are forgotten first', () => {
	for (let n = 0; n < 2100; n++) rememberOutcome(`bounded-${n}`, n, { status: 'signed' });
	expect(rememberedBatches()).toBe(2000);
	expect(knownOutcomes('bounded-2099').get(2099)).toEqual({ status: 'signed' });
	// the first ones were dropped (asking for them again starts an empty entry)
	expect(knownOutcomes('bounded-0').size).toBe(0);
});

test("a batch's own time-limit notice is stopped when it resumes in this process", () => {
	const signal = timeLimitWatch('one');
	expect(signal.aborted).toBe(false);
	forgetBatch('one');
	expect(signal.aborted).toBe(true);
});

test('the state kept with the execution is short and read back; anything else is not a batch', () => {
	const state = { batch: 100, ret: true, pre: 'signed_', min: 1440, sim: false, end: Date.now() };
	const text = encodeBatchState(state);
	expect(text.length).toBeLessThan(120);
	expect(decodeBatchState(text)).toEqual(state);
	// the state of a single Sign is not a batch
	expect(decodeBatchState(JSON.stringify({ pk: 5, uids: ['a'], ret: false }))).toBeUndefined();
	expect(decodeBatchState('{"batch":0,"end":1}')).toBeUndefined();
	expect(decodeBatchState('not json')).toBeUndefined();
	expect(decodeBatchState(undefined)).toBeUndefined();
});
