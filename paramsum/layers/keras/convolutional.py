"""Keras convolutional layers."""
