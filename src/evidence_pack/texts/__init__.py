"""Every text the tool writes: the English texts for the platform, the buyer's Japanese notes, next steps,
the questions of init, and the one table of wording they share."""
