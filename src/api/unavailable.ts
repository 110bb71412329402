/**
 * Whether an error says that a server DataPact depends on (the store, Temporal) does not answer right
 * now: a 503 the caller may retry, not a 500. Only the drivers' own error classes and gRPC status codes
 * decide, so the same answer comes from FerretDB and MongoDB alike.
 */
import { ServiceError, isGrpcServiceError } from '@temporalio/client';
import {
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import mongoose from 'mongoose';

/** Seconds a caller is told to wait before trying again: about one reconnect of either driver. */
export const RETRY_AFTER_SECONDS = 5;

/** gRPC: the server is not reachable, or did not answer in time. */
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;
/** How deep a cause chain is followed (Temporal wraps gRPC errors once or twice). */
const MAX_CAUSES = 5;

function isStoreUnreachable(err: unknown): boolean {
  if (
    err instanceof MongoNetworkError ||
    err instanceof MongoServerSelectionError ||
    err instanceof MongoNotConnectedError ||
    err instanceof MongoTopologyClosedError
  ) {
    return true;
  }
  // Mongoose queues a query while it has no connection and gives up after `bufferTimeoutMS`.
  return err instanceof mongoose.Error && /buffering timed out/.test(err.message);
}

function isTemporalUnreachable(err: unknown): boolean {
  return isGrpcServiceError(err) && (err.code === GRPC_UNAVAILABLE || err.code === GRPC_DEADLINE_EXCEEDED);
}

export function dependencyUnavailable(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < MAX_CAUSES && current; depth += 1) {
    if (isStoreUnreachable(current) || isTemporalUnreachable(current)) return true;
    current = current instanceof ServiceError || current instanceof Error ? current.cause : undefined;
  }
  return false;
}
