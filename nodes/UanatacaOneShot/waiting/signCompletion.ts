/**
 * Sign's completion webhook: the Optimizer's notice at {{ $execution.resumeUrl }} while Sign
 * waits (n8n has checked the resume token). Intermediate statuses and notices of other requests
 * keep the execution waiting; a signature claim resumes it only once the Optimizer confirms a
 * signed copy exists; a cancellation resumes it with status "cancelled".
 */
import type {
	IBinaryData,
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { answer } from '../../shared/callbacks/answer';
import { cancellationConfirmed } from '../../shared/callbacks/callbackKey';
import type { NormalizedCallback } from '../../shared/callbacks/normalize';
import { readParkedState } from '../../shared/signing/parking';
import { checkSigned } from '../../shared/signing/signed';
import { cancelledMessage, classifyNotice } from '../../shared/signing/status';
import { simplifyItem } from '../../shared/simplify';
import { getOneShotCredentials } from '../../shared/transport';
import { KEEP_WAITING, readNotice, retryLater, unconfirmedCancellation } from './notice';

/** Execution custom-data key holding what the resume webhook needs (≤ 512 characters). */
export const WAIT_STATE_KEY = 'uanatacaOneShotSign';
const MAX_STATE_LENGTH = 500;

export interface SignWaitState {
	/** request pk */
	pk: number;
	/** document UIDs (as many as fit) */
	uids: string[];
	/** return signed documents */
	ret: boolean;
	/** binary field prefix */
	pre: string;
	/** time limit in minutes, for messages */
	min: number;
	/** "Simplify": only the fields that matter */
	sim?: boolean;
}

export function encodeSignState(state: SignWaitState): string {
	const copy = { ...state, uids: [...state.uids] };
	while (JSON.stringify(copy).length > MAX_STATE_LENGTH && copy.uids.length > 1) copy.uids.pop();
	return JSON.stringify(copy);
}

export function decodeSignState(text: unknown): SignWaitState | undefined {
	return readParkedState<SignWaitState>(
		text,
		(value) => Number.isInteger(value.pk) && Array.isArray(value.uids),
	);
}

function resumed(
	state: SignWaitState,
	event: NormalizedCallback,
	json: IDataObject,
	binary?: Record<string, IBinaryData>,
): IWebhookResponseData {
	const item: INodeExecutionData = {
		json: {
			requestPk: state.pk,
			asyncMode: true,
			notifiedStatus: event.status,
			eventType: event.eventType,
			occurredAt: event.occurredAt,
			occurredAtSource: event.occurredAtSource,
			...json,
		},
		pairedItem: { item: 0 },
	};
	if (binary && Object.keys(binary).length) item.binary = binary;
	return {
		workflowData: [[simplifyItem(item, 'requestSign', state.sim === true)]],
		webhookResponse: '',
	};
}

async function confirmAndResume(
	this: IWebhookFunctions,
	state: SignWaitState,
	event: NormalizedCallback,
): Promise<IWebhookResponseData> {
	try {
		const credentials = await getOneShotCredentials.call(this);
		const wanted = state.ret ? { prefix: state.pre } : undefined;
		const now = await checkSigned.call(this, credentials, state.pk, state.uids, wanted);
		if (!now.signed) {
			// a claim the Optimizer does not back (forged, or too early): keep waiting
			this.logger.warn(
				`Uanataca One-Shot: notice that request ${state.pk} is signed not confirmed by the Optimizer; still waiting`,
			);
			return KEEP_WAITING;
		}
		const json: IDataObject = { signed: true, status: 'signed', confirmed: true };
		if (now.documents) json.documents = now.documents.documents;
		return resumed(state, event, json, now.documents?.binary);
	} catch (error) {
		this.logger.warn(
			`Uanataca One-Shot: could not confirm the signature of request ${state.pk}: ${(error as Error).message}`,
		);
		return retryLater.call(this);
	}
}

export async function signCompletionWebhook(
	this: IWebhookFunctions,
): Promise<IWebhookResponseData> {
	const notice = await readNotice.call(this);
	if ('refused' in notice) return notice.refused;
	const { event } = notice;
	const state = decodeSignState(this.customData.get(WAIT_STATE_KEY));
	if (!state) return answer.call(this, 409, 'This execution is not waiting for a signature');
	if (event.requestPk !== state.pk) return KEEP_WAITING;
	const kind = classifyNotice(event);
	if (kind === 'cancelled') {
		if (!(await cancellationConfirmed.call(this, event))) return unconfirmedCancellation.call(this);
		return resumed(state, event, {
			signed: false,
			status: 'cancelled',
			message: cancelledMessage(state.pk, event),
		});
	}
	if (kind !== 'signed') return KEEP_WAITING;
	return await confirmAndResume.call(this, state, event);
}
