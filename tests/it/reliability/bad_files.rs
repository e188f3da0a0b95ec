//! Bad files and places: each refused or opened read-only with its one message, the file unchanged.
