"""Use cases: one function per thing a user does. The CLI and the web app both call these."""
