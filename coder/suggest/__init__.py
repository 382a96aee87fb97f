"""Code suggestions learned from the researcher's own coding, and batch auto-tagging.

Importing this package is cheap; scikit-learn is imported by the modules that fit or
predict (``coder.suggest.model`` and below).
"""
