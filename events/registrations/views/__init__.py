"""Participant-facing views. Each one calls a service and turns its error into a message."""
