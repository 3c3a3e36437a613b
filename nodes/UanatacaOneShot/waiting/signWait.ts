/**
 * Sign's wait for the signature, once the Optimizer has the code: parked until the completion
 * notice (./signCompletion resumes it), or checking the Optimizer every few seconds.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { SignedDocumentsOutput } from '../../shared/signing/copies';
import { park } from '../../shared/signing/parking';
import type { SignedCheck } from '../../shared/signing/signed';
import { checkSigned } from '../../shared/signing/signed';
import { simplifyItem, simplifyWhen } from '../../shared/simplify';
import type { OneShotCredentials } from '../../shared/transport';
import { WAIT_STATE_KEY, encodeSignState } from './signCompletion';

/** What Sign waits for. */
export interface SignWait {
	requestPk: number;
	documentUids: string[];
	returnSigned: boolean;
	prefix: string;
	limitMinutes: number;
	pollIntervalMs: number;
	/** "Simplify": only the fields that matter */
	simplify?: boolean;
}

export function outputItem(
	json: IDataObject,
	signed: SignedDocumentsOutput | undefined,
	itemIndex: number,
): INodeExecutionData {
	const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
	if (signed?.documents.length) {
		json.documents = signed.documents;
		item.binary = signed.binary;
	}
	return item;
}

function wantedCopies(plan: SignWait) {
	return plan.returnSigned ? { prefix: plan.prefix } : undefined;
}

/** Step 3a: park until the completion notice (./signCompletion), or the time limit. */
export async function parkUntilSigned(
	this: IExecuteFunctions,
	i: number,
	plan: SignWait,
	credentials: OneShotCredentials,
	base: IDataObject,
	waitTill: Date,
): Promise<INodeExecutionData[]> {
	const { requestPk, documentUids } = plan;
	// a completion notice that came before the execution is parked is refused by n8n (409):
	// check once more right before parking, so only a split second remains uncovered
	const now = await checkSigned.call(
		this,
		credentials,
		requestPk,
		documentUids,
		wantedCopies(plan),
		i,
	);
	if (now.signed) {
		const item = outputItem({ ...base, signed: true, status: 'signed' }, now.documents, i);
		return [simplifyItem(item, 'requestSign', plan.simplify === true)];
	}
	await park.call(this, {
		itemIndex: i,
		subject: 'Sign',
		requestPks: [requestPk],
		stateKey: WAIT_STATE_KEY,
		state: encodeSignState({
			pk: requestPk,
			uids: documentUids,
			ret: plan.returnSigned,
			pre: plan.prefix,
			min: plan.limitMinutes,
			sim: plan.simplify === true,
		}),
		timedOut: {
			json: simplifyWhen(plan.simplify === true, 'requestSign', {
				...base,
				signed: false,
				status: 'timedOut',
				message: `No notice that request ${requestPk} was signed arrived within ${plan.limitMinutes} minutes. Signing may still complete: download the signed documents later to check.`,
			}),
		},
		until: waitTill,
	});
	return [{ json: { ...base, signed: false, status: 'waiting' }, pairedItem: { item: i } }];
}

/** Step 3b: check the Optimizer every few seconds until signed; past the time limit, fail. */
export async function pollUntilSigned(
	this: IExecuteFunctions,
	i: number,
	plan: SignWait,
	credentials: OneShotCredentials,
): Promise<SignedCheck> {
	const deadline = Date.now() + plan.limitMinutes * 60_000;
	const signal = this.getExecutionCancelSignal();
	for (;;) {
		const now = await checkSigned.call(
			this,
			credentials,
			plan.requestPk,
			plan.documentUids,
			wantedCopies(plan),
			i,
		);
		if (now.signed) return now;
		if (Date.now() + plan.pollIntervalMs > deadline) break;
		await sleep(plan.pollIntervalMs, signal);
	}
	throw new NodeOperationError(
		this.getNode(),
		`The documents of request ${plan.requestPk} were not signed within ${plan.limitMinutes} minutes`,
		{
			itemIndex: i,
			description:
				'The Optimizer accepted the signature but the signed documents are not ready yet. Signing may still complete: raise "Time Limit", or react to the completion with a Uanataca One-Shot Trigger and download the documents then.',
		},
	);
}
