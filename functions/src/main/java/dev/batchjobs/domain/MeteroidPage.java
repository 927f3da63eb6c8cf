package dev.batchjobs.domain;

import java.util.List;

/** A page of jobs and how many match in all (from counters, never by reading every job). */
public record MeteroidPage(List<BatchJob> jobs, long totalItems) {
    public MeteroidPage {
        jobs = List.copyOf(jobs);
    }
}
