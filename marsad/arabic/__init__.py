"""Arabic text core: normalization with offset maps, tokens, sentences, dates."""
