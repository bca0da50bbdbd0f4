"""Consultations on draft policies (政策征求意见): the draft and its interpretation put to the public for a period,
comments received while open, a disposition for each, and the adoption report once the final document is out."""
