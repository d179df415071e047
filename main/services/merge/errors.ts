import { OmsError } from '../../../core/errors';

/** Stable codes of the merge and release flows (the CLI maps MERGE_* to exit code 75). */
export type MergeFlowErrorCode =
  | 'MERGE_CONFLICT'
  | 'MERGE_INTRODUCES_ERRORS'
  | 'MERGE_BLOCKED'
  | 'MERGE_TARGET_DIRTY'
  | 'MERGE_UP_TO_DATE'
  | 'MERGE_STALE'
  | 'MERGE_RESOLUTIONS_INVALID'
  | 'RELEASE_NOTHING_TO_RELEASE'
  | 'RELEASE_TAG_EXISTS';

export class MergeFlowError extends OmsError {
  declare readonly code: MergeFlowErrorCode;

  constructor(code: MergeFlowErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
  }
}
