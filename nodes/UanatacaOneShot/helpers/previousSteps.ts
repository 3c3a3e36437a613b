/**
 * What earlier steps of this workflow produced for a signature request: the output items of
 * Uanataca One-Shot nodes upstream of the current one, filtered by operation and requestPk.
 * Lets Sign find the uploaded documents and whether Create pointed the callback at this
 * execution, without the user wiring expressions.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** Defaults of the node's resource and operation selectors (saved workflows may omit them). */
const DEFAULT_RESOURCE = 'request';
const DEFAULT_OPERATION: Record<string, string> = {
	document: 'upload',
	image: 'upload',
	optimizer: 'checkConnection',
	request: 'create',
	token: 'getMany',
	videoId: 'create',
};

interface ParentNode {
	name: string;
	type: string;
	parameters?: IDataObject;
}

export function upstreamOutputs(
	this: IExecuteFunctions,
	itemIndex: number,
	resource: string,
	operation: string,
	requestPk: number,
): IDataObject[] {
	let parents: ParentNode[] = [];
	try {
		parents = this.getParentNodes(this.getNode().name, {
			includeNodeParameters: true,
		}) as ParentNode[];
	} catch {
		return [];
	}
	const proxy = this.getWorkflowDataProxy(itemIndex);
	const found: IDataObject[] = [];
	for (const parent of parents) {
		const p = parent.parameters ?? {};
		if (!/\.uanatacaOneShot$/.test(parent.type)) continue;
		const parentResource = (p.resource as string | undefined) ?? DEFAULT_RESOURCE;
		const parentOperation =
			(p.operation as string | undefined) ?? DEFAULT_OPERATION[parentResource];
		if (parentResource !== resource || parentOperation !== operation) continue;
		let items: INodeExecutionData[] = [];
		try {
			items = proxy.$items(parent.name);
		} catch {
			continue; // that branch did not run
		}
		for (const item of items) {
			if (Number(item.json.requestPk) === requestPk) found.push(item.json);
		}
	}
	return found;
}

/** UIDs of the documents uploaded to the request earlier in this workflow. */
export function uploadedDocumentUids(
	this: IExecuteFunctions,
	itemIndex: number,
	requestPk: number,
): string[] {
	const uids: string[] = [];
	for (const json of upstreamOutputs.call(this, itemIndex, 'document', 'upload', requestPk)) {
		if (!Array.isArray(json.documents)) continue;
		for (const doc of json.documents as IDataObject[]) {
			if (typeof doc.uid === 'string') uids.push(doc.uid);
		}
	}
	return [...new Set(uids)];
}

/** Whether Create sent this request's callbacks to this execution's resume URL. */
export function createdWithResumeUrl(
	this: IExecuteFunctions,
	itemIndex: number,
	requestPk: number,
): boolean {
	return upstreamOutputs
		.call(this, itemIndex, 'request', 'create', requestPk)
		.some((json) => json.callbackToThisExecution === true);
}

/** Same execution resume URL: same address and the same resume token (extra parameters allowed). */
export function isResumeUrlOf(callbackUrl: string, resumeUrl: string): boolean {
	try {
		const a = new URL(callbackUrl);
		const b = new URL(resumeUrl);
		const token = b.searchParams.get('signature');
		return (
			a.origin === b.origin &&
			a.pathname.replace(/\/+$/, '') === b.pathname.replace(/\/+$/, '') &&
			!!token &&
			a.searchParams.get('signature') === token
		);
	} catch {
		return false;
	}
}
