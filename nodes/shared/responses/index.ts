/**
 * Defensive readers for the Optimizer's success answers, one file per resource; the envelopes and
 * small readers they share are in ./envelope.
 */
export { messageOf, payloadOf, toPositiveInt } from './envelope';
export type { RequestInfo } from './request';
export {
	parseAsyncMode,
	parseAsyncStatus,
	parseRequestInfo,
	parseRequestPk,
	parseStatus,
} from './request';
export type { TokenInfo } from './token';
export { parseTokenInfo, parseTokenList, parseTokenUid } from './token';
export type { StoredFileInfo, UploadedDocument } from './files';
export { parseImageUid, parseStoredFileList, parseUploadResult } from './files';
export type { VideoIdCreated } from './videoId';
export { parseVideoIdCreated } from './videoId';
export type { OptimizerVersion } from './optimizer';
export { parseVersion } from './optimizer';
