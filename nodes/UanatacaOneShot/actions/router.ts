/**
 * Runs the chosen operation for every input item: one operation file per resource/operation,
 * errors mapped per item, `continueOnFail` honoured, every output item paired with its input.
 */
import type { IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ValidationError } from '../../shared/validation';
import * as document from './document';
import * as image from './image';
import * as optimizer from './optimizer';
import * as request from './request';
import * as token from './token';
import * as videoId from './videoId';
import type { OneShotOperation } from './node.type';

const resources: Record<string, Record<string, OneShotOperation | undefined> | undefined> = {
	document: document.operations,
	image: image.operations,
	optimizer: optimizer.operations,
	request: request.operations,
	token: token.operations,
	videoId: videoId.operations,
};

export function findOperation(resource: string, operation: string): OneShotOperation | undefined {
	return resources[resource]?.[operation];
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const returnData: INodeExecutionData[] = [];

	for (let i = 0; i < items.length; i++) {
		const resource = this.getNodeParameter('resource', i) as string;
		const operation = this.getNodeParameter('operation', i) as string;
		try {
			const handler = findOperation(resource, operation);
			if (!handler) {
				throw new NodeOperationError(
					this.getNode(),
					`The operation "${operation}" of "${resource}" is not supported`,
					{
						itemIndex: i,
						description:
							'Choose the operation again in the node. If this workflow comes from a newer version of the package, update the package.',
					},
				);
			}
			returnData.push(...(await handler.execute.call(this, i)));
		} catch (error) {
			const wrapped = toNodeError.call(this, error, i);
			if (this.continueOnFail()) {
				returnData.push({
					json: { error: wrapped.message, description: wrapped.description ?? null },
					pairedItem: { item: i },
				});
				continue;
			}
			throw wrapped;
		}
	}
	const first = findOperation(
		this.getNodeParameter('resource', 0, '') as string,
		this.getNodeParameter('operation', 0, '') as string,
	);
	return [first?.finish && items.length ? await first.finish.call(this, returnData) : returnData];
}

export function toNodeError(this: IExecuteFunctions, error: unknown, itemIndex: number) {
	if (error instanceof NodeApiError) {
		error.context.itemIndex = itemIndex;
		return new NodeApiError(this.getNode(), error as unknown as JsonObject);
	}
	if (error instanceof NodeOperationError) {
		error.context.itemIndex = itemIndex;
		return new NodeOperationError(this.getNode(), error);
	}
	if (error instanceof ValidationError) {
		return new NodeOperationError(this.getNode(), error.message, {
			itemIndex,
			description: error.hint,
		});
	}
	return new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}
