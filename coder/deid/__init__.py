"""Pseudonymisation: finding identifying details in transcripts and replacing them."""
