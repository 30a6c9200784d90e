"""The parts of the Python SDK behind ``noteticketing.Client``; nothing here imports Django."""
