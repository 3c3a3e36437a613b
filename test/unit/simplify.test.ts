/** The shared "Simplify" helper: which fields stay, and that nothing else changes. */
import {
	SIMPLE_FIELDS,
	simplify,
	simplifyItem,
	simplifyProperty,
	simplifyWhen,
} from '../../nodes/shared/simplify';

const callback = {
	requestPk: 7,
	status: 'ISSUED',
	previousStatus: 'ENROLLREADY',
	eventType: 'STATUS_CHANGED',
	occurredAt: '2026-07-20T08:08:21.132Z',
	registrationAuthority: 139,
	certificates: [],
	correlation: { crm: 'C-1' },
	rawBody: '{"status":"ISSUED"}',
};

test('keeps the listed fields in their order; absent ones stay absent', () => {
	expect(simplify(callback, 'callback')).toEqual({
		requestPk: 7,
		status: 'ISSUED',
		previousStatus: 'ENROLLREADY',
		occurredAt: '2026-07-20T08:08:21.132Z',
		correlation: { crm: 'C-1' },
	});
	expect(
		simplify({ requestPk: 1, signed: false, status: 'timedOut', documents: [] }, 'requestSign'),
	).toEqual({
		requestPk: 1,
		signed: false,
		status: 'timedOut',
	});
	// a failed download is never hidden
	expect(
		simplify({ ...callback, signedDocumentsError: 'Document not found' }, 'callback'),
	).toHaveProperty('signedDocumentsError', 'Document not found');
});

test('each simplified output has at most seven fields', () => {
	for (const fields of Object.values(SIMPLE_FIELDS)) expect(fields.length).toBeLessThanOrEqual(7);
});

test('an item keeps its binary data and pairing; off means unchanged', () => {
	const item = {
		json: callback,
		binary: { signed_0: { data: '', mimeType: 'application/pdf' } },
		pairedItem: { item: 3 },
	};
	const simple = simplifyItem(item, 'callback', true);
	expect(simple.binary).toBe(item.binary);
	expect(simple.pairedItem).toEqual({ item: 3 });
	expect(simple.json).not.toHaveProperty('rawBody');
	expect(simplifyItem(item, 'callback', false)).toBe(item);
	expect(simplifyWhen(false, 'requestSign', callback)).toBe(callback);
	expect(simplifyWhen(true, 'requestSign', callback)).toEqual({ requestPk: 7, status: 'ISSUED' });
});

test('the option is a boolean named "simplify", off by default (saved workflows keep their output)', () => {
	expect(simplifyProperty('the few fields')).toMatchObject({
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
	});
});
