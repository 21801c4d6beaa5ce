-- Session 14 (ADR 0020a): document answers now quote the passage that answers the question (word-start matching, the
-- section's own heading, whole-subject questions in document order). Answers cached before were chosen the old way and
-- would be served until their TTL, so they are retired; the cache fills again with the next questions.
DELETE FROM answer_cache;
