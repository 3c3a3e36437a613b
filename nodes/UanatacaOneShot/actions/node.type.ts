import type {
	AllEntities,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

type NodeMap = {
	token: 'getMany' | 'get' | 'create' | 'delete';
	request: 'create' | 'get' | 'cancel' | 'getAsyncStatus' | 'generateOtp' | 'sign' | 'signViaPage';
	document: 'upload' | 'download' | 'delete' | 'deleteAll' | 'getContract' | 'getMany';
	image: 'upload' | 'get' | 'delete' | 'getMany' | 'deleteAll';
	videoId: 'create' | 'uploadEvidences' | 'uploadVideo' | 'approve' | 'refuse' | 'downloadVideo';
	optimizer: 'checkConnection' | 'getVersion';
};

export type UanatacaOneShotType = AllEntities<NodeMap>;

export interface OneShotOperation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]>;
	/** After every item: may replace the node's output (Sign's batch parks once, here) */
	finish?(this: IExecuteFunctions, output: INodeExecutionData[]): Promise<INodeExecutionData[]>;
}
