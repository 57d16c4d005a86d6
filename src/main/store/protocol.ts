// Messages between the store client (any thread) and the store's writer worker.

export interface StoreRequest {
  seq: number;
  method: string;
  args: unknown;
}

/** An error rebuilt on the caller's side: ApiErrors keep their code and field. */
export interface StoreErrorData {
  name: string;
  message: string;
  code?: string | undefined;
  field?: string | undefined;
}

export type StoreResponse =
  | { type: 'ready' }
  | { type: 'fatal'; error: StoreErrorData }
  | { type: 'result'; seq: number; result: unknown }
  | { type: 'error'; seq: number; error: StoreErrorData };

export interface StoreWorkerData {
  file: string;
  nativeBinding?: string | undefined;
}
