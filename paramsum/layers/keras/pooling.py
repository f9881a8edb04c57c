"""Keras pooling layers."""
