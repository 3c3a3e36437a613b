/**
 * Sign via Signing Page, version 3: where the page keeps each signer's progress (codes sent, wrong
 * codes entered), so that its limits hold after a restart and on every webhook process
 * (../waiting/signingPage/progressStore, docs/safety.md). Parameter names and values are a public
 * contract (saved workflows): never rename them.
 */
import type { INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_PROGRESS_TABLE,
	PROGRESS_STORE_PARAMETER,
	PROGRESS_TABLE_PARAMETER,
} from '../waiting/signingPage/progressStore';

export const progressFields: INodeProperties[] = [
	{
		displayName: 'Remember Signer Progress In',
		name: PROGRESS_STORE_PARAMETER,
		type: 'options',
		options: [
			{
				name: 'Data Table (Recommended)',
				value: 'dataTable',
				description:
					'The codes sent and the wrong codes entered are kept in a data table of this n8n: the limits hold after a restart and on every webhook process. Needs an n8n API credential.',
			},
			{
				name: 'Process Memory Only (Not Recommended)',
				value: 'process',
				description:
					'Kept in the memory of the n8n process that serves the page: lost when n8n restarts, and not shared between webhook processes',
			},
		],
		default: 'dataTable',
		description:
			'Where the page keeps how many codes it sent and how many wrong codes the signer entered, so that its limits hold',
		displayOptions: { show: { '@version': [{ _cnd: { gte: 3 } }] } },
	},
	{
		displayName: 'Data Table Name',
		name: PROGRESS_TABLE_PARAMETER,
		type: 'string',
		default: DEFAULT_PROGRESS_TABLE,
		description:
			'The data table that keeps the progress of every signing page (one row per page); the node makes it when it does not exist',
		displayOptions: {
			show: { '@version': [{ _cnd: { gte: 3 } }], [PROGRESS_STORE_PARAMETER]: ['dataTable'] },
		},
	},
	{
		displayName:
			'Not recommended: when n8n restarts, or when the link is opened on another webhook process, the page forgets the codes it sent and the wrong codes entered. Whoever holds the link then gets up to 5 more codes and a new set of attempts.',
		name: 'progressStoreNotice',
		type: 'notice',
		default: '',
		displayOptions: {
			show: { '@version': [{ _cnd: { gte: 3 } }], [PROGRESS_STORE_PARAMETER]: ['process'] },
		},
	},
];
