"""The ``kith`` command line: parses arguments, calls one service, renders the result."""
