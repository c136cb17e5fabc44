"""Recognition of actors, places and organisations."""
