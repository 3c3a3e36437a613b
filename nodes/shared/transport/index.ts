/**
 * The transport to the One-Shot Optimizer, in one import: the credential (./credentials), the
 * request with its retries (./request, ./retry) and the errors it raises (./errors).
 */
export type { ApiGeneration, EndpointKey } from './endpoints';
export type { OneShotContext, OneShotCredentials } from './credentials';
export { CREDENTIAL_NAME, getOneShotCredentials, isDomainAllowed, secretsOf } from './credentials';
export type { OneShotJsonResponse, OneShotRequest, OneShotStreamResponse } from './request';
export { callForRequest, callOptimizer, oneShotApiRequest } from './request';
export { unexpectedAnswer } from './errors';
