package dev.batchjobs.domain;

import java.util.List;
import java.util.Optional;

/** A page of jobs and the cursor of the next page, if there is one. */
public record JobPage(List<BatchJob> jobs, Optional<String> nextCursor) {
    public JobPage {
        jobs = List.copyOf(jobs);
    }
}
