import {
	resolveRoute,
	MissingPathParameter,
	hasEndpoint,
	unavailableMessage,
} from '../../../../nodes/shared/transport/endpoints';

describe('routes of the two generations', () => {
	test('document download: query parameter (current) vs path segment (legacy)', () => {
		expect(
			resolveRoute('current', 'document.download', {
				requestPk: 5,
				documentUid: 'u-1',
				documentType: 'signed',
			}),
		).toEqual({
			method: 'GET',
			path: '/document/5/u-1',
			qs: { document_type: 'signed' },
		});
		expect(
			resolveRoute('legacy', 'document.download', {
				requestPk: 5,
				documentUid: 'u1',
				documentType: 'signed',
			}),
		).toEqual({
			method: 'GET',
			path: '/document/5/signed/u1',
			qs: {},
		});
	});

	test('create, contract and delete-all differ between generations', () => {
		expect(resolveRoute('current', 'request.create')!.path).toBe('/create');
		expect(resolveRoute('legacy', 'request.create')!.path).toBe('/request');
		expect(resolveRoute('current', 'document.getContract', { requestPk: 1 })!.path).toBe(
			'/contract/1',
		);
		expect(resolveRoute('legacy', 'document.getContract', { requestPk: 1 })!.path).toBe(
			'/document/1/contract',
		);
		expect(resolveRoute('legacy', 'document.deleteAll', { requestPk: 1 })!.path).toBe(
			'/documents/1',
		);
	});

	test('a missing path parameter is a programming error, not a silent bad URL', () => {
		expect(() => resolveRoute('current', 'request.sign', {})).toThrow(/requestPk/);
	});
});

describe('the generations: which calls exist, and what the node says where one does not', () => {
	test('legacy-only operations', () => {
		for (const key of [
			'request.get',
			'request.cancel',
			'request.getAsyncStatus',
			'document.getMany',
			'image.getMany',
			'image.deleteAll',
			'videoId.downloadVideo',
			'optimizer.checkConnection',
			'optimizer.getVersion',
		] as const) {
			expect([key, hasEndpoint('current', key), hasEndpoint('legacy', key)]).toEqual([
				key,
				false,
				true,
			]);
			const { message, description } = unavailableMessage('current', key);
			expect(message).toMatch(/is not possible on the current Optimizer \(\/oneshot\/api\/v1\)$/);
			expect(description.length).toBeGreaterThan(40);
			expect(description).toMatch(/set "API Generation" in the credential/);
		}
	});

	test("the trigger's confirmation still tries Get Request on the current Optimizer", () => {
		expect(resolveRoute('current', 'request.tryGet', { requestPk: 5 })!.path).toBe('/request/5');
		expect(resolveRoute('legacy', 'request.tryGet', { requestPk: 5 })!.path).toBe('/request/5');
		expect(resolveRoute('current', 'request.get', { requestPk: 5 })).toBeUndefined();
	});

	test('Video ID: by Video ID number (current), by request number (legacy)', () => {
		const params = { videoIdPk: 16673, requestPk: 45836 };
		expect(resolveRoute('current', 'videoId.approve', params)!.path).toBe('/videoid/16673/approve');
		expect(resolveRoute('legacy', 'videoId.approve', params)!.path).toBe('/requests/45836/approve');
		expect(resolveRoute('current', 'videoId.uploadVideo', params)!.path).toBe(
			'/videoid/16673/video',
		);
		expect(resolveRoute('legacy', 'videoId.uploadVideo', params)!.path).toBe(
			'/videoid/45836/evidences/video',
		);
		expect(resolveRoute('legacy', 'videoId.refuse', params)!.path).toBe('/videoid/45836/refuse');
		expect(resolveRoute('legacy', 'request.getAsyncStatus', params)!.path).toBe(
			'/async/status/45836',
		);
	});

	test('a missing number is named in the words of the node', () => {
		let caught: unknown;
		try {
			resolveRoute('current', 'videoId.approve', { requestPk: 1 });
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(MissingPathParameter);
		expect((caught as MissingPathParameter).label).toBe(
			'"Video ID Number" is needed for this call on the current Optimizer (/oneshot/api/v1)',
		);
		expect((caught as MissingPathParameter).hint).toMatch(/videoIdPk/);
	});
});
