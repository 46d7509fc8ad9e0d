"""Example datasets shipped with graphmodel (installed as graphmodel.examples)."""
