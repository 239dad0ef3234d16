/** @tandem/comments: comment threads of a document, shared by the server (the only writer) and the clients (readers). */
export {
  type Comment,
  type CommentAnchor,
  type CommentAuthor,
  type Thread,
  THREADS_MAP,
  COMMENT_LIMITS,
  COMMENT_ID_PATTERN,
  isCommentId,
  mentionsIn,
  bodyParts,
  plainBody,
} from './model.js';
export {
  CommentError,
  type CommentOp,
  type CommentActor,
  type CommentResult,
  applyCommentOp,
  threadsOf,
  listThreads,
  isEncodedPosition,
  decodePosition,
  parseCreate,
  parseReply,
} from './operations.js';
