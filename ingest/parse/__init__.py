"""Pure text → parsed document, one module per report feature."""
