package dev.batchjobs.domain.input;

/** What is wrong with one input row: a stable code, the field at fault (or null), and a message for people. */
public record RowProblem(String code, String field, String message) {}
