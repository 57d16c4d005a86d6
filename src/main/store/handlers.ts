// Every store method, by name: the one typed map behind the store's RPC. The method's name
// decides its argument and result types on both sides of the worker boundary.
import type { Db } from './db.js';
import * as apiKey from './queries/api-key.js';
import * as corrections from './queries/corrections.js';
import * as extractions from './queries/extractions.js';
import * as jobs from './queries/jobs.js';
import * as parsers from './queries/parsers.js';
import * as queue from './queries/queue.js';
import * as settings from './queries/settings.js';
import * as sync from './queries/sync.js';
import * as syncCredits from './queries/sync-credits.js';
import * as uploads from './queries/uploads.js';
import * as webhooks from './queries/webhooks.js';

export const handlers = {
  getSetting: settings.getSetting,
  setSetting: settings.setSetting,
  ensureApiKey: settings.ensureApiKey,
  rotateApiKey: apiKey.rotateApiKey,

  listParsers: parsers.listParsers,
  getParser: parsers.getParser,
  findParser: parsers.findParser,
  insertParser: parsers.insertParser,
  updateParser: parsers.updateParser,
  deleteParser: parsers.deleteParser,
  insertSample: parsers.insertSample,
  getSample: parsers.getSample,

  createExtraction: extractions.createExtraction,
  getExtraction: extractions.getExtraction,
  listExtractions: extractions.listExtractions,
  extractionResults: extractions.extractionResults,
  documentDetail: extractions.documentDetail,
  documentParseRun: extractions.documentParseRun,
  documentSpatialPages: extractions.documentSpatialPages,
  exportHeader: extractions.exportHeader,
  exportRows: extractions.exportRows,
  purgeIdempotencyKeys: extractions.purgeIdempotencyKeys,
  findIdempotentExtraction: extractions.findIdempotentExtraction,

  takeQueue: queue.takeQueue,
  renewQueue: queue.renewQueue,
  releaseQueue: queue.releaseQueue,
  requeueInterrupted: queue.requeueInterrupted,
  claimNextDocument: queue.claimNextDocument,
  completeDocument: queue.completeDocument,
  failDocument: queue.failDocument,
  releaseDocument: queue.releaseDocument,
  cancelExtraction: queue.cancelExtraction,
  queuedCount: queue.queuedCount,

  createJob: jobs.createJob,
  jobSummary: jobs.jobSummary,
  listJobs: jobs.listJobs,
  jobDocuments: jobs.jobDocuments,
  setJobPaused: jobs.setJobPaused,
  retryFailedDocuments: jobs.retryFailedDocuments,
  setDocumentProgress: jobs.setDocumentProgress,
  jobParser: jobs.jobParser,
  documentSource: jobs.documentSource,
  processedBefore: jobs.processedBefore,

  correctField: corrections.correctField,
  revertField: corrections.revertField,
  listCorrections: corrections.listCorrections,

  insertUpload: uploads.insertUpload,
  getUpload: uploads.getUpload,
  markUploadUsed: uploads.markUploadUsed,
  takeStaleUploads: uploads.takeStaleUploads,

  createRemoteJob: sync.createRemoteJob,
  syncBatches: sync.syncBatches,
  openSyncBatches: sync.openSyncBatches,
  markBatchSubmitted: sync.markBatchSubmitted,
  setBatchStatus: sync.setBatchStatus,
  resumeSyncBatches: sync.resumeSyncBatches,
  completeRemoteDocument: sync.completeRemoteDocument,
  failRemoteDocument: sync.failRemoteDocument,
  insertSyncLog: sync.insertSyncLog,
  listSyncLog: sync.listSyncLog,
  getCreditBalance: syncCredits.getCreditBalance,
  setCreditBalance: syncCredits.setCreditBalance,
  createChargedExtraction: syncCredits.createChargedExtraction,

  listWebhooks: webhooks.listWebhooks,
  insertWebhook: webhooks.insertWebhook,
  getWebhook: webhooks.getWebhook,
  webhookTarget: webhooks.webhookTarget,
  updateWebhook: webhooks.updateWebhook,
  rotateWebhookSecret: webhooks.rotateWebhookSecret,
  deleteWebhook: webhooks.deleteWebhook,
  insertImmediateDelivery: webhooks.insertImmediateDelivery,
  dueDeliveries: webhooks.dueDeliveries,
  recordDeliveryAttempt: webhooks.recordDeliveryAttempt,
  nextDeliveryDueAt: webhooks.nextDeliveryDueAt,
  pruneDeliveryLog: webhooks.pruneDeliveryLog,
} satisfies Record<string, (db: Db, args: never) => unknown>;

export type StoreHandlers = typeof handlers;
export type StoreMethod = keyof StoreHandlers;
/** The argument a method takes (`void` for methods without one). */
export type StoreArgs<M extends StoreMethod> = Parameters<StoreHandlers[M]> extends [Db, infer A] ? A : void;
export type StoreResult<M extends StoreMethod> = ReturnType<StoreHandlers[M]>;
