"""The Cypher library: schema per engine, load statements, saved queries (installed as graphmodel.cypher)."""
