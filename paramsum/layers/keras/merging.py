"""Keras merging layers."""
