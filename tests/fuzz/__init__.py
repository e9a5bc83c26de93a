"""Property-based fuzzing: every loader and evaluator ends in a clean result or a clean error."""
