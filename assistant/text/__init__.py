"""Text before extraction: normalise, split into sentences, detect language, drop boilerplate."""
