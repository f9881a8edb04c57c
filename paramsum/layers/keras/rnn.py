"""Keras rnn layers."""
