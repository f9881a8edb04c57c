"""Keras normalization layers."""
