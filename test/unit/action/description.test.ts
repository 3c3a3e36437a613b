import { UanatacaOneShot } from '../../../nodes/UanatacaOneShot/UanatacaOneShot.node';
import { findOperation } from '../../../nodes/UanatacaOneShot/actions/router';

describe('the node description', () => {
	const node = new UanatacaOneShot();
	const properties = node.description.properties;
	const resources = (properties.find((p) => p.name === 'resource')!.options ?? []) as Array<{
		value: string;
	}>;

	test('every operation offered has its handler, and every handler is offered', () => {
		const offered: string[] = [];
		for (const { value: resource } of resources) {
			const selector = properties.find(
				(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource),
			)!;
			for (const option of selector.options as Array<{ value: string }>) {
				offered.push(`${resource}.${option.value}`);
				expect([resource, option.value, !!findOperation(resource, option.value)]).toEqual([
					resource,
					option.value,
					true,
				]);
			}
		}
		expect(offered.sort()).toEqual(
			[
				'document.delete',
				'document.deleteAll',
				'document.download',
				'document.getContract',
				'document.getMany',
				'document.upload',
				'image.delete',
				'image.deleteAll',
				'image.get',
				'image.getMany',
				'image.upload',
				'optimizer.checkConnection',
				'optimizer.getVersion',
				'request.cancel',
				'request.create',
				'request.generateOtp',
				'request.get',
				'request.getAsyncStatus',
				'request.sign',
				'request.signViaPage',
				'token.create',
				'token.delete',
				'token.get',
				'token.getMany',
				'videoId.approve',
				'videoId.create',
				'videoId.downloadVideo',
				'videoId.refuse',
				'videoId.uploadEvidences',
				'videoId.uploadVideo',
			].sort(),
		);
	});

	test('token, document and image fields are resource locators with a list and an ID mode', () => {
		for (const name of ['tokenUid', 'documentUid', 'imageUid', 'signatureImage']) {
			const fields = properties.filter((p) => p.name === name);
			expect(fields.length).toBeGreaterThan(0);
			for (const field of fields) {
				expect(field.type).toBe('resourceLocator');
				expect(field.modes!.map((m) => m.name)).toEqual(['list', 'id']);
				const method = (field.modes![0].typeOptions as { searchListMethod: string })
					.searchListMethod;
				expect(Object.keys(node.methods.listSearch)).toContain(method);
			}
		}
	});
});
