"""The actor knowledge base: data files in dyad/data, loaded once into plain records."""
