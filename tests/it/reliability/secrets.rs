//! An encrypted database leaks no plaintext anywhere, and the passphrase is never echoed.
