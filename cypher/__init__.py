"""The Cypher library: schema per engine, load statements, saved queries.

Installed as the package graphmodel.cypher; read it through graphmodel.cypherlib.
"""
