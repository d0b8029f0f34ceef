"""Reconciling the log against the employer's productivity report."""
