"""Documents: disclosure attribute at the source, review before publication, interpretation, timely publication."""
