"""Keras attention layers."""
