package dev.batchjobs.domain.pipeline;

/**
 * Starts the pipeline for an uploaded input as the storage's upload event does, for an upload whose event came late
 * or never. Starting twice for one job is harmless: the begin step's conditional write lets one run proceed.
 */
public interface PipelineStarter {
    void start(UploadedInput upload);
}
