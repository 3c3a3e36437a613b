import type {
	AllEntities,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

type NodeMap = {
	token: 'getMany' | 'get' | 'create' | 'delete';
	request: 'create' | 'generateOtp' | 'sign';
	document: 'upload' | 'download' | 'delete' | 'deleteAll' | 'getContract';
};

export type UanatacaOneShotType = AllEntities<NodeMap>;

export interface OneShotOperation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]>;
}
