package dev.batchjobs.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.batchjobs.domain.pipeline.SweepJobs;
import dev.batchjobs.wiring.Wiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/** The one-minute schedule → {@link SweepJobs}. */
public final class SweeperHandler implements RequestHandler<ScheduledEvent, SweepJobs.SweepReport> {
    private static final Logger LOG = LoggerFactory.getLogger(SweeperHandler.class);

    private final SweepJobs sweep;

    /** For the Lambda runtime: wires everything once from the environment. */
    public SweeperHandler() {
        this(Wiring.fromSystemEnvironment().sweepJobs());
    }

    public SweeperHandler(SweepJobs sweep) {
        this.sweep = sweep;
    }

    @Override
    public SweepJobs.SweepReport handleRequest(ScheduledEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            SweepJobs.SweepReport report = sweep.sweep();
            if (report.uploadTimeouts() > 0
                    || report.lostRaces() > 0
                    || report.stuckJobsEnded() > 0
                    || report.eventsRepublished() > 0
                    || report.lateUploadsStarted() > 0) {
                LOG.info(
                        "Sweep: {} jobs moved to upload_timeout, {} had moved on first, {} stuck jobs ended timeout, "
                                + "{} unpublished events published, {} uploads whose event never came started",
                        report.uploadTimeouts(),
                        report.lostRaces(),
                        report.stuckJobsEnded(),
                        report.eventsRepublished(),
                        report.lateUploadsStarted());
            }
            return report;
        });
    }
}
