/**
 * The Video ID review, end to end in this process on both generations: a Video ID is created
 * and its evidences and video uploaded by the action node; the simulator notifies the Uanataca
 * One-Shot Trigger (hosted like n8n's live webhooks) when the identification is ready for review
 * (VIDEOREVIEW); the review workflow then approves or refuses it, and an approved request is
 * signed like any other.
 *
 * Where the notification goes differs: a legacy Optimizer takes a webhook URL in Create Video ID;
 * the current one notifies the webhook Uanataca set on the registration authority (simulator
 * option raWebhookUrl). Notifications carry the request number only: the current Optimizer's
 * Video ID number is kept from Create Video ID.
 */
import type { IDataObject } from 'n8n-workflow';

import { startSimulator } from '../simulator';
import type { Simulator } from '../simulator';
import { startCallbackReceiver } from '../support/callback-receiver';
import { chain, cleanupN8nCore, outputOf } from '../support/harness';
import {
	binaryEntry,
	fixture,
	mp4,
	oneShot,
	pdf,
	png,
	signerInbox,
	trigger,
} from '../support/nodes';
import { makeRunner } from './common';

const CALLBACK_WORD = 'cb-review-7d1f9';

let sim: Simulator;
let runner: ReturnType<typeof makeRunner>;
type Receiver = Awaited<ReturnType<typeof startCallbackReceiver>>;
const receivers: Receiver[] = [];

beforeAll(async () => {
	sim = await startSimulator({ signDelayMs: 5, callbackDelayMs: 5 });
	runner = makeRunner(sim);
});
afterAll(async () => {
	for (const r of receivers) await r.close();
	await sim.close();
	await cleanupN8nCore();
});
beforeEach(() => sim.reset({ options: true }));

type Generation = 'current' | 'legacy';

const credentialsFor = (generation: Generation) =>
	generation === 'legacy' ? { baseUrl: sim.legacyBaseUrl, apiGeneration: 'legacy' } : {};

/** Identification by an external Video ID provider: create, evidences, video. */
async function identify(generation: Generation, webhookUrl: string) {
	if (generation === 'current') sim.options.raWebhookUrl = webhookUrl;
	const nodes = [
		trigger,
		fixture('Provider Files', [
			{
				json: {},
				binary: {
					selfie: binaryEntry(png(120, 160), 'selfie.png', 'image/png'),
					video: binaryEntry(mp4(), 'session.mp4', 'video/mp4'),
				},
			},
		]),
		oneShot('Create Video ID', {
			resource: 'videoId',
			operation: 'create',
			mobilePhoneNumber: '+34600111222',
			email: 'ana@example.com',
			additionalFields: generation === 'legacy' ? { webhookUrl } : {},
		}),
		oneShot('Evidences', {
			resource: 'videoId',
			operation: 'uploadEvidences',
			givenName: 'Ana',
			surname1: 'Pérez',
			serialNumber: 'X1234567Z',
			securityChecks: ['liveliness', 'documents_match', 'document_notexpired'],
			images: { documentOwner: 'selfie' },
		}),
		oneShot('Video', {
			resource: 'videoId',
			operation: 'uploadVideo',
			binaryPropertyName: 'video',
		}),
	];
	const { run } = await runner.run(
		nodes,
		chain('Start', 'Provider Files', 'Create Video ID', 'Evidences', 'Video'),
		credentialsFor(generation),
	);
	expect(run.status).toBe('success');
	return outputOf(run, 'Create Video ID')[0].json as { requestPk: number; videoIdPk: number };
}

describe.each(['current', 'legacy'] as const)('%s Optimizer', (generation) => {
	test('ready for review → the trigger starts the review → approved → signed', async () => {
		const r = await startCallbackReceiver({
			parameters: { secretToken: CALLBACK_WORD, statuses: ['VIDEOREVIEW'] },
			credentials: runner.credentialData(credentialsFor(generation)),
		});
		receivers.push(r);
		const created = await identify(generation, `${r.url}?token=${CALLBACK_WORD}`);
		// VIDEOPENDING, VIDEOINCOMPLETE, VIDEOREVIEW: only the last starts the review
		const sent = await sim.waitForCallbacks(3, 10_000);
		await r.waitForRequests(3, 10_000);
		expect(sent.map((c) => c.requestStatus)).toEqual([
			'VIDEOPENDING',
			'VIDEOINCOMPLETE',
			'VIDEOREVIEW',
		]);
		const [review] = r.items();
		expect(r.items()).toHaveLength(1);
		expect(review.json).toMatchObject({ requestPk: created.requestPk, status: 'VIDEOREVIEW' });

		// the review workflow: the notification (plus the Video ID number kept from Create), the
		// RAO's decision, Approve; then the usual signing steps
		const { run } = await runner.run(
			[
				trigger,
				fixture('Notification', [
					{ json: { ...(review.json as IDataObject), videoIdPk: created.videoIdPk } },
				]),
				oneShot('Approve', { resource: 'videoId', operation: 'approve' }),
				fixture('Contract', [
					{
						json: { requestPk: created.requestPk },
						binary: { data: binaryEntry(pdf('Account opening'), 'account.pdf') },
					},
				]),
				oneShot('Upload', { resource: 'document', operation: 'upload' }),
				oneShot('OTP', { resource: 'request', operation: 'generateOtp' }),
				signerInbox('Signer', sim.url),
				oneShot('Sign', { resource: 'request', operation: 'sign', secret: '={{ $json.code }}' }),
			],
			chain('Start', 'Notification', 'Approve', 'Contract', 'Upload', 'OTP', 'Signer', 'Sign'),
			credentialsFor(generation),
		);
		expect(run.data.resultData.error?.message).toBeUndefined();
		expect(outputOf(run, 'Approve')[0].json).toMatchObject({
			approved: true,
			requestPk: created.requestPk,
			videoIdPk: created.videoIdPk,
		});
		expect(outputOf(run, 'Sign')[0].json).toMatchObject({ signed: true });
		expect(sim.getRequest(created.requestPk)!.status).toBe('ISSUED');
	});

	test('ready for review → refused with the reason the RAO gave', async () => {
		const r = await startCallbackReceiver({
			parameters: { secretToken: CALLBACK_WORD, statuses: ['VIDEOREVIEW'] },
			credentials: runner.credentialData(credentialsFor(generation)),
		});
		receivers.push(r);
		const created = await identify(generation, `${r.url}?token=${CALLBACK_WORD}`);
		await sim.waitForCallbacks(3, 10_000);
		await r.waitForRequests(3, 10_000);
		const [review] = r.items();
		const { run } = await runner.run(
			[
				trigger,
				fixture('Notification', [
					{
						json: {
							...(review.json as IDataObject),
							videoIdPk: created.videoIdPk,
							raoComment: 'The selfie does not match the ID document',
						},
					},
				]),
				oneShot('Refuse', {
					resource: 'videoId',
					operation: 'refuse',
					reason: '={{ $json.raoComment }}',
				}),
			],
			chain('Start', 'Notification', 'Refuse'),
			credentialsFor(generation),
		);
		expect(outputOf(run, 'Refuse')[0].json).toMatchObject({
			refused: true,
			status: 'CANCELLED',
			reason: 'The selfie does not match the ID document',
		});
		const request = sim.getRequest(created.requestPk)!;
		expect(request.status).toBe('CANCELLED');
		expect(request.videoid!.refuseReason).toBe('The selfie does not match the ID document');
	});
});
