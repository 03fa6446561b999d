"""Sources: one module per file format, producing plain records; identity resolution.

Parsers never write to the store: ``service.importing`` does, in one transaction.
"""
