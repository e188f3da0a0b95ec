//! SIGTERM, SIGHUP and a panic leave the terminal usable.
