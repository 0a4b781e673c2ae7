"""Turning domain results into Rich output (or plain text when piped)."""
