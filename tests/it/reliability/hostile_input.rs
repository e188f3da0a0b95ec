//! Hostile input to every importer: rejected with a clear error, never half-imported.
