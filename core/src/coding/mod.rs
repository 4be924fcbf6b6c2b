//! Spike trains and population codes (Lecture 1).
