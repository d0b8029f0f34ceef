"""What an operator sees of a running server: logs (masked), request ids and metrics."""
